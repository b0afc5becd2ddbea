"""Texts of the demo reviews: plausible phrasing of year-end self-reviews, comments and
assessments, by section and by level. Demo data, not quoted from any real review."""

# Section I, per point code: (text at a good level, text at an average level).
POINTS = {
    "politics": (
        "Luôn kiên định mục tiêu, lý tưởng của Đảng; chấp hành nghiêm chủ trương, đường lối của "
        "Đảng, chính sách, pháp luật của Nhà nước; giữ gìn phẩm chất đạo đức, lối sống giản dị, "
        "trung thực; tham gia đầy đủ sinh hoạt chi bộ và các buổi học tập nghị quyết.",
        "Chấp hành chủ trương, đường lối của Đảng, pháp luật của Nhà nước; có lúc chưa tham gia "
        "đầy đủ sinh hoạt chi bộ, việc tự học tập, nghiên cứu nghị quyết còn hạn chế.",
    ),
    "duties": (
        "Hoàn thành các nhiệm vụ được giao đúng tiến độ, bảo đảm chất lượng; chủ động đề xuất "
        "giải pháp nâng cao hiệu quả công việc; phối hợp tốt với đồng nghiệp.",
        "Hoàn thành nhiệm vụ được giao; một số việc còn chậm so với kế hoạch, chất lượng có mặt "
        "chưa cao, tính chủ động chưa thường xuyên.",
    ),
    "leadership": (
        "Lãnh đạo, chỉ đạo đơn vị hoàn thành các chỉ tiêu năm; các đơn vị trực thuộc hoàn thành "
        "nhiệm vụ; nội bộ đoàn kết, thống nhất; quy chế làm việc được thực hiện nghiêm.",
        "Lãnh đạo, chỉ đạo hoàn thành phần lớn chỉ tiêu; công tác kiểm tra, đôn đốc các bộ phận "
        "có lúc chưa sát sao.",
    ),
    "innovation": (
        "Có tinh thần trách nhiệm cao, chủ động đổi mới cách làm, dám nghĩ, dám làm, dám chịu "
        "trách nhiệm trong các việc khó, việc mới.",
        "Có trách nhiệm với công việc; việc đổi mới phương pháp làm việc còn chậm.",
    ),
    "exemplary": (
        "Gương mẫu thực hiện trách nhiệm nêu gương; quản lý, giáo dục gia đình chấp hành tốt "
        "pháp luật; kê khai tài sản, thu nhập đúng quy định; không để xảy ra tham nhũng, tiêu cực.",
        "Thực hiện trách nhiệm nêu gương; có lúc chưa thường xuyên nhắc nhở người thân chấp hành "
        "quy định ở nơi cư trú.",
    ),
    "commitment": (
        "Thực hiện đầy đủ các nội dung đã cam kết tu dưỡng, rèn luyện, phấn đấu đầu năm; các "
        "nhiệm vụ trọng tâm trong kế hoạch đều hoàn thành, một số vượt chỉ tiêu.",
        "Thực hiện cơ bản các nội dung đã cam kết; một số nhiệm vụ trọng tâm còn chậm tiến độ.",
    ),
    "building": (
        "Duy trì nền nếp sinh hoạt định kỳ, nâng cao chất lượng sinh hoạt chuyên đề; công tác "
        "phát triển đảng viên, quản lý đảng viên được thực hiện đúng quy định.",
        "Duy trì sinh hoạt định kỳ; nội dung sinh hoạt chuyên đề có lúc chưa phong phú.",
    ),
    "tasks": (
        "Lãnh đạo đơn vị hoàn thành toàn bộ nhiệm vụ chính trị được giao, nhiều chỉ tiêu vượt "
        "kế hoạch.",
        "Hoàn thành phần lớn nhiệm vụ chính trị được giao; còn chỉ tiêu đạt thấp.",
    ),
    "code": (
        "Rà soát, công bố chuẩn mực đạo đức của đơn vị; cán bộ, đảng viên xác nhận đã đọc và "
        "thực hiện; cuối năm tổ chức đánh giá việc thực hiện.",
        "Đã công bố chuẩn mực đạo đức; việc đánh giá thực hiện còn hình thức.",
    ),
}
POOR_POINT = (
    "Chưa hoàn thành một số nhiệm vụ được giao, để chậm trễ kéo dài, ảnh hưởng đến kết quả "
    "chung của đơn vị."
)

SHORTCOMINGS = [
    "Việc nghiên cứu, cập nhật văn bản mới có lúc chưa kịp thời; một số báo cáo còn chậm.",
    "Tính chủ động trong tham mưu, đề xuất chưa cao; kỹ năng ứng dụng công nghệ thông tin còn "
    "hạn chế. Nguyên nhân chủ yếu là chủ quan, chưa dành đủ thời gian tự học.",
    "Có lúc chưa mạnh dạn đấu tranh, góp ý thẳng thắn trong sinh hoạt chi bộ.",
    "Việc sắp xếp thời gian giữa công việc chuyên môn và công tác đoàn thể có lúc chưa hợp lý.",
]
EARLIER_FIXES = [
    "Đã khắc phục hạn chế về tiến độ báo cáo được chỉ ra trong kiểm điểm năm trước.",
    "Năm trước không có hạn chế, khuyết điểm phải khắc phục theo kết luận.",
    "Đã tham gia lớp bồi dưỡng kỹ năng, khắc phục cơ bản hạn chế đã được kết luận.",
]
EXPLANATIONS = [
    "Không có vấn đề được gợi ý kiểm điểm.",
    "Về việc chậm nộp báo cáo quý III: do thay đổi biểu mẫu, đã nộp bổ sung đầy đủ.",
]
COLLECTIVE_SHARE = [
    "Là thành viên của tập thể, chịu trách nhiệm cá nhân về việc một số chỉ tiêu của đơn vị "
    "chưa đạt.",
    "Chịu trách nhiệm về phần việc được phân công trong hạn chế chung của tập thể.",
]
REMEDIES = [
    "Tăng cường tự học tập, nghiên cứu; chủ động xây dựng kế hoạch công tác theo tháng, quý.",
    "Nâng cao chất lượng tham mưu; tích cực góp ý, đấu tranh trong sinh hoạt chi bộ.",
    "Sắp xếp công việc khoa học hơn, bảo đảm tiến độ các nhiệm vụ được giao.",
]

RESULTS = {
    "exceeded": [
        "Hoàn thành vượt chỉ tiêu đề ra, sản phẩm được đơn vị ghi nhận và nhân rộng.",
        "Hoàn thành trước hạn, kết quả vượt mục tiêu đăng ký.",
    ],
    "done": [
        "Hoàn thành đúng tiến độ, sản phẩm đạt yêu cầu.",
        "Đã hoàn thành, có báo cáo kết quả gửi chi bộ.",
        "Hoàn thành 100% mục tiêu đăng ký.",
    ],
    "late": [
        "Hoàn thành nhưng chậm so với thời hạn đăng ký do phải ưu tiên nhiệm vụ đột xuất.",
        "Đang hoàn thiện, chậm tiến độ so với kế hoạch.",
    ],
    "poor": ["Chưa hoàn thành, sản phẩm chưa đạt yêu cầu."],
}

COMMENTS = {
    1: [
        "Tập thể thống nhất đánh giá đồng chí nổi bật trong năm, nhiều kết quả được ghi nhận.",
        "Đồng chí gương mẫu, hoàn thành xuất sắc các nhiệm vụ được giao; đề nghị phát huy.",
    ],
    2: [
        "Đồng chí hoàn thành tốt nhiệm vụ; cần chủ động hơn trong tham mưu, đề xuất.",
        "Tập thể nhất trí với bản tự kiểm điểm; đề nghị khắc phục hạn chế về tiến độ báo cáo.",
        "Đồng chí có ý thức trách nhiệm, đoàn kết; cần tích cực góp ý trong sinh hoạt.",
    ],
    3: [
        "Đồng chí hoàn thành nhiệm vụ, nhưng một số việc còn chậm; cần khắc phục trong năm tới.",
    ],
    4: [
        "Tập thể đề nghị đồng chí nghiêm túc nhìn nhận khuyết điểm, có kế hoạch khắc phục cụ thể.",
    ],
}
ASSESSMENTS = {
    1: "Hoàn thành xuất sắc nhiệm vụ; nhiều kết quả nổi bật, vượt chỉ tiêu.",
    2: "Hoàn thành tốt các nhiệm vụ được giao; phẩm chất, đạo đức tốt.",
    3: "Hoàn thành nhiệm vụ; còn hạn chế về tiến độ và tính chủ động.",
    4: "Không hoàn thành nhiệm vụ theo các tiêu chí quy định.",
}
MINUTES = (
    "Hội nghị kiểm điểm, đánh giá, xếp loại chất lượng năm {year}. Các đồng chí lần lượt trình "
    "bày bản tự kiểm điểm; hội nghị góp ý từng người và bỏ phiếu đề xuất mức xếp loại. Tập thể "
    "thống nhất các nội dung góp ý ghi trong biên bản."
)

DISCIPLINE_REASONS = [
    "Vi phạm quy định về quản lý tài chính, để xảy ra sai sót trong thanh toán chế độ.",
    "Vi phạm quy chế làm việc, tự ý vắng mặt nhiều ngày không có lý do.",
    "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao, gây hậu quả ít nghiêm trọng.",
]
FIXED_REASONS = [
    "Sai sót trong kê khai hồ sơ; đã tự phát hiện, báo cáo và khắc phục trước khi có kiểm tra.",
    "Chậm thực hiện kết luận kiểm tra; đã tự nhận khuyết điểm và khắc phục xong.",
]
UNIT_DISCIPLINE_REASON = "Buông lỏng lãnh đạo, để nhiều đảng viên vi phạm quy định sinh hoạt."
FINDING_NOTES = {
    "degradation": "Có biểu hiện suy thoái về đạo đức, lối sống theo kết luận kiểm tra.",
    "qd37": "Vi phạm điều đảng viên không được làm: tham gia hoạt động kinh doanh trái quy định.",
}
PENDING = [
    (
        "Đơn phản ánh về việc kê khai tài sản, thu nhập",
        "Ủy ban Kiểm tra đang xác minh nội dung đơn; chưa có kết luận.",
    ),
    (
        "Kiểm tra việc chấp hành quy định về đất đai tại địa phương",
        "Đoàn kiểm tra đang làm việc; dự kiến kết luận trong tháng tới.",
    ),
    (
        "Đơn phản ánh về thái độ, tác phong khi tiếp công dân",
        "Đã xác minh; nội dung phản ánh không đúng.",
    ),
]
SETTLEMENT = "Đã xác minh, kết luận nội dung phản ánh không có cơ sở; không ảnh hưởng xếp loại."
