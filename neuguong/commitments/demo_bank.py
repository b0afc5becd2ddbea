"""The words of the demo plans: key tasks by kind of unit, the sections' sentences,
return reasons and progress notes. Demo data, written to read like real plans; not
quoted from any unit's documents.

A key task is a title with its own choices of targets, products and solutions; a
person's task picks one target, one product and one to three solutions, so two people
of a unit who chose the same title rarely write the same task (the copy check stays
quiet) unless one copied the other.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    title: str
    targets: tuple[str, ...]
    products: tuple[str, ...]
    solutions: tuple[str, ...]


# fmt: off
TASKS: dict[str, list[Task]] = {
    "giao-duc": [
        Task("Nâng cao chất lượng giảng dạy môn phụ trách theo chương trình phổ thông 2018",
             ("Tỷ lệ học sinh đạt khá, giỏi môn học tăng ít nhất 5% so với năm học trước",
              "100% học sinh lớp chủ nhiệm đạt yêu cầu chuẩn kiến thức, kỹ năng",
              "Không có học sinh xếp loại yếu môn học ở các lớp được phân công"),
             ("Kế hoạch bài dạy được tổ chuyên môn duyệt",
              "Bảng tổng hợp kết quả học tập cuối năm"),
             ("Soạn giảng theo hướng phát triển năng lực, ứng dụng công nghệ thông tin",
              "Dự giờ đồng nghiệp ít nhất 2 tiết mỗi tháng và rút kinh nghiệm sau mỗi tiết",
              "Phụ đạo học sinh yếu vào chiều thứ Năm hằng tuần",
              "Đổi mới kiểm tra, đánh giá theo định hướng phát triển phẩm chất, năng lực")),
        Task("Bồi dưỡng học sinh giỏi cấp tỉnh",
             ("Có ít nhất 2 học sinh đạt giải học sinh giỏi cấp tỉnh",
              "Đội tuyển của trường đạt thứ hạng cao hơn năm trước"),
             ("Danh sách học sinh đạt giải", "Bộ chuyên đề bồi dưỡng học sinh giỏi"),
             ("Xây dựng bộ chuyên đề bồi dưỡng theo cấu trúc đề thi mới",
              "Tổ chức bồi dưỡng 3 buổi mỗi tuần từ tháng 9",
              "Phối hợp với cha mẹ học sinh động viên, theo dõi việc tự học")),
        Task("Thực hiện tốt công tác chủ nhiệm lớp",
             ("Lớp chủ nhiệm đạt danh hiệu tập thể lớp tiên tiến",
              "Không có học sinh vi phạm kỷ luật, bỏ học"),
             ("Sổ chủ nhiệm đầy đủ, cập nhật", "Biên bản họp cha mẹ học sinh mỗi học kỳ"),
             ("Duy trì liên lạc với cha mẹ học sinh qua nhóm lớp và sổ liên lạc điện tử",
              "Thăm gia đình học sinh có hoàn cảnh khó khăn ít nhất một lần mỗi học kỳ",
              "Tổ chức sinh hoạt lớp theo chủ đề giáo dục kỹ năng sống")),
        Task("Hoàn thành sáng kiến kinh nghiệm, đề tài nghiên cứu khoa học sư phạm ứng dụng",
             ("Sáng kiến được Hội đồng khoa học cấp cơ sở công nhận",
              "Đề tài được áp dụng ở ít nhất 2 lớp"),
             ("Báo cáo sáng kiến kinh nghiệm", "Quyết định công nhận sáng kiến"),
             ("Chọn vấn đề từ thực tiễn giảng dạy của tổ chuyên môn",
              "Khảo sát, thực nghiệm ở lớp được phân công trong học kỳ I",
              "Báo cáo tổ chuyên môn góp ý trước khi nộp")),
        Task("Tự học, bồi dưỡng nâng cao trình độ chuyên môn, ngoại ngữ và tin học",
             ("Hoàn thành 100% mô-đun bồi dưỡng thường xuyên",
              "Đạt chứng chỉ ngoại ngữ bậc 3 theo khung năng lực 6 bậc"),
             ("Chứng chỉ hoàn thành bồi dưỡng thường xuyên", "Chứng chỉ ngoại ngữ"),
             ("Dành ít nhất 4 giờ mỗi tuần cho tự học",
              "Tham gia đầy đủ các lớp tập huấn của Sở Giáo dục và Đào tạo",
              "Học trực tuyến trên hệ thống bồi dưỡng của Bộ")),
    ],
    "y-te": [
        Task("Nâng cao chất lượng khám bệnh, chữa bệnh và sự hài lòng của người bệnh",
             ("Tỷ lệ người bệnh hài lòng đạt trên 95% qua khảo sát hằng quý",
              "Không để xảy ra sai sót chuyên môn nghiêm trọng"),
             ("Báo cáo khảo sát sự hài lòng của người bệnh", "Sổ theo dõi sự cố y khoa"),
             ("Thực hiện đúng quy trình chuyên môn, quy chế chẩn đoán và kê đơn",
              "Giao tiếp ứng xử đúng Quy tắc ứng xử của ngành Y tế",
              "Rút ngắn thời gian chờ khám bằng cách hướng dẫn đặt lịch trước")),
        Task("Thực hiện tốt công tác tiêm chủng mở rộng và phòng, chống dịch bệnh",
             ("Tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ đạt trên 95%",
              "Không để dịch bệnh lây lan trên địa bàn phụ trách"),
             ("Sổ tiêm chủng và báo cáo tháng", "Báo cáo giám sát dịch bệnh"),
             ("Lập danh sách đối tượng tiêm chủng theo từng thôn, khu",
              "Phối hợp với y tế thôn bản nhắc lịch tiêm cho gia đình",
              "Giám sát ca bệnh truyền nhiễm và báo cáo trong 24 giờ")),
        Task("Quản lý, điều trị người mắc bệnh không lây nhiễm tại cộng đồng",
             ("Quản lý ít nhất 90% người tăng huyết áp, đái tháo đường đã phát hiện",
              "Tỷ lệ người bệnh được điều trị đúng phác đồ đạt trên 85%"),
             ("Hồ sơ sức khỏe điện tử được cập nhật", "Sổ quản lý bệnh không lây nhiễm"),
             ("Khám sàng lọc cho người trên 40 tuổi tại trạm",
              "Tư vấn chế độ ăn, luyện tập cho người bệnh mỗi lần tái khám",
              "Cập nhật hồ sơ sức khỏe điện tử sau mỗi lần khám")),
        Task("Thực hiện nghiêm quy định về kiểm soát nhiễm khuẩn",
             ("100% dụng cụ được xử lý đúng quy trình",
              "Không có ca nhiễm khuẩn liên quan đến chăm sóc y tế"),
             ("Sổ theo dõi tiệt khuẩn dụng cụ", "Biên bản kiểm tra vệ sinh tay hằng tháng"),
             ("Tuân thủ 5 thời điểm vệ sinh tay",
              "Phân loại chất thải y tế ngay tại nơi phát sinh",
              "Tự kiểm tra chéo giữa các khoa mỗi tháng")),
    ],
    "xa": [
        Task("Giải quyết thủ tục hành chính đúng hạn cho người dân và doanh nghiệp",
             ("100% hồ sơ thuộc lĩnh vực phụ trách được giải quyết đúng hạn",
              "Tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80%"),
             ("Báo cáo kết quả giải quyết thủ tục hành chính hằng tháng",
              "Số liệu trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh"),
             ("Hướng dẫn người dân nộp hồ sơ trực tuyến tại bộ phận một cửa",
              "Theo dõi hồ sơ sắp đến hạn mỗi sáng",
              "Không yêu cầu người dân bổ sung giấy tờ ngoài quy định")),
        Task("Tham mưu xây dựng nông thôn mới nâng cao trên địa bàn xã",
             ("Hoàn thành các tiêu chí được giao phụ trách trong năm",
              "Ít nhất 1 thôn đạt chuẩn khu dân cư nông thôn mới kiểu mẫu"),
             ("Báo cáo rà soát tiêu chí nông thôn mới", "Hồ sơ đề nghị công nhận"),
             ("Rà soát từng tiêu chí, lập lộ trình hoàn thành theo quý",
              "Vận động nhân dân hiến đất, đóng góp ngày công làm đường",
              "Phối hợp các thôn tổ chức ra quân vệ sinh môi trường hằng tháng")),
        Task("Tiếp công dân, giải quyết kiến nghị, phản ánh của người dân",
             ("100% đơn thư thuộc thẩm quyền được giải quyết đúng thời hạn",
              "Không để phát sinh khiếu nại vượt cấp"),
             ("Sổ tiếp công dân", "Báo cáo công tác tiếp dân, giải quyết đơn thư quý"),
             ("Tiếp công dân định kỳ vào thứ Ba hằng tuần",
              "Đối thoại trực tiếp với người dân ngay tại thôn khi có vụ việc phức tạp",
              "Phối hợp Mặt trận xã hòa giải ở cơ sở")),
        Task("Chuyển đổi số trong hoạt động của chính quyền xã",
             ("100% văn bản đi, đến được xử lý trên môi trường mạng",
              "Cập nhật đầy đủ dữ liệu dân cư thuộc lĩnh vực phụ trách"),
             ("Báo cáo chuyển đổi số của xã", "Dữ liệu được làm sạch trên hệ thống"),
             ("Sử dụng chữ ký số cho toàn bộ văn bản ký ban hành",
              "Hướng dẫn tổ công nghệ số cộng đồng ở các thôn",
              "Rà soát, làm sạch dữ liệu mỗi tháng")),
    ],
    "doanh-nghiep": [
        Task("Hoàn thành kế hoạch sản xuất được giao của phân xưởng, tổ đội",
             ("Hoàn thành 100% kế hoạch sản lượng năm", "Vượt kế hoạch sản lượng ít nhất 3%"),
             ("Báo cáo sản lượng tháng, quý", "Biên bản nghiệm thu khối lượng"),
             ("Bố trí lao động hợp lý theo ca, không để máy móc chờ việc",
              "Bảo dưỡng thiết bị đúng lịch để giảm thời gian dừng máy",
              "Phát động thi đua theo từng đợt cao điểm")),
        Task("Bảo đảm an toàn, vệ sinh lao động trong khu vực phụ trách",
             ("Không để xảy ra tai nạn lao động nghiêm trọng",
              "100% người lao động được huấn luyện an toàn định kỳ"),
             ("Sổ nhật ký an toàn", "Biên bản kiểm tra an toàn hằng tuần"),
             ("Kiểm tra an toàn đầu ca và ghi sổ đầy đủ",
              "Nhắc nhở, xử lý ngay các hành vi vi phạm quy trình",
              "Tham gia diễn tập ứng cứu sự cố")),
        Task("Tiết kiệm vật tư, chi phí sản xuất",
             ("Giảm ít nhất 2% chi phí vật tư trên một đơn vị sản phẩm",
              "Không để thất thoát vật tư"),
             ("Báo cáo định mức tiêu hao vật tư", "Sáng kiến tiết kiệm được công nhận"),
             ("Quản lý cấp phát vật tư theo định mức",
              "Thu hồi, tái sử dụng vật tư còn giá trị",
              "Đề xuất ít nhất một sáng kiến cải tiến kỹ thuật")),
    ],
    "luc-luong-vu-trang": [
        Task("Duy trì nghiêm chế độ sẵn sàng chiến đấu, trực chỉ huy",
             ("Đơn vị hoàn thành 100% nhiệm vụ huấn luyện, sẵn sàng chiến đấu",
              "Không có vụ việc vi phạm kỷ luật nghiêm trọng"),
             ("Sổ trực ban, nhật ký trực chỉ huy", "Báo cáo tổng kết huấn luyện năm"),
             ("Quản lý chặt quân số, vũ khí, trang bị",
              "Duy trì nghiêm chế độ ngày, tuần",
              "Tổ chức luyện tập các phương án sẵn sàng chiến đấu theo kế hoạch")),
        Task("Huấn luyện chiến sĩ đạt chất lượng khá, giỏi",
             ("Kết quả kiểm tra huấn luyện đạt khá, giỏi trên 70%",
              "100% nội dung huấn luyện đạt yêu cầu"),
             ("Kết quả kiểm tra, đánh giá huấn luyện", "Giáo án huấn luyện được duyệt"),
             ("Chuẩn bị giáo án, thao trường, mô hình học cụ chu đáo",
              "Kèm cặp chiến sĩ yếu ngoài giờ huấn luyện",
              "Rút kinh nghiệm sau mỗi nội dung")),
    ],
    "van-phong": [
        Task("Tham mưu văn bản thuộc lĩnh vực được phân công đúng hạn, đúng thể thức",
             ("100% văn bản được giao hoàn thành đúng hạn, không phải trả lại sửa thể thức",
              "Không để tồn đọng văn bản quá hạn"),
             ("Văn bản được ban hành", "Sổ theo dõi nhiệm vụ được giao"),
             ("Lập sổ theo dõi, sắp xếp thứ tự ưu tiên công việc hằng tuần",
              "Nghiên cứu kỹ văn bản của cấp trên trước khi tham mưu",
              "Xin ý kiến các phòng liên quan trước khi trình")),
        Task("Thực hiện nhiệm vụ chuyên môn theo vị trí việc làm đạt chất lượng",
             ("Hoàn thành 100% nhiệm vụ theo kế hoạch công tác năm",
              "Được xếp loại hoàn thành tốt nhiệm vụ trở lên"),
             ("Báo cáo kết quả công tác quý", "Phiếu đánh giá, xếp loại cuối năm"),
             ("Xây dựng lịch công tác tháng chi tiết theo tuần",
              "Chủ động báo cáo khó khăn với lãnh đạo phòng",
              "Phối hợp chặt chẽ với đồng nghiệp trong phòng")),
        Task("Ứng dụng công nghệ thông tin, xử lý hồ sơ trên môi trường điện tử",
             ("100% hồ sơ công việc được xử lý trên hệ thống quản lý văn bản",
              "Số hóa toàn bộ hồ sơ lưu trữ thuộc lĩnh vực phụ trách"),
             ("Hồ sơ điện tử trên hệ thống", "Danh mục hồ sơ đã số hóa"),
             ("Sử dụng chữ ký số cá nhân cho văn bản điện tử",
              "Học sử dụng thành thạo phần mềm dùng chung của tỉnh",
              "Số hóa hồ sơ tồn đọng mỗi tuần một phần")),
        Task("Thực hiện kiểm tra, giám sát theo chương trình năm",
             ("Hoàn thành 100% cuộc kiểm tra, giám sát được phân công",
              "Kết luận kiểm tra được ban hành đúng thời hạn"),
             ("Báo cáo kết quả kiểm tra, giám sát", "Thông báo kết luận"),
             ("Nghiên cứu kỹ hồ sơ trước khi làm việc với đối tượng",
              "Giữ bí mật thông tin trong quá trình kiểm tra",
              "Theo dõi việc khắc phục sau kiểm tra")),
    ],
    "khu-dan-cu": [
        Task("Tham gia xây dựng khu dân cư văn hóa, an toàn",
             ("Thôn, khu đạt danh hiệu văn hóa năm 2026",
              "Gia đình đạt danh hiệu gia đình văn hóa"),
             ("Xác nhận của Ban công tác Mặt trận thôn, khu", "Biên bản bình xét cuối năm"),
             ("Gương mẫu chấp hành quy ước, hương ước của thôn, khu",
              "Tham gia tổ an ninh tự quản khi được phân công",
              "Vận động các hộ xung quanh giữ gìn vệ sinh chung")),
        Task("Tuyên truyền, vận động nhân dân thực hiện chủ trương của Đảng, pháp luật",
             ("Vận động được ít nhất 5 hộ gia đình thực hiện nếp sống văn minh",
              "Không có hộ gia đình được phân công theo dõi vi phạm pháp luật"),
             ("Báo cáo với chi bộ hằng quý", "Ý kiến của chi hội, đoàn thể thôn, khu"),
             ("Nắm tình hình các hộ được phân công theo dõi",
              "Phản ánh kịp thời với chi bộ những vấn đề nổi cộm",
              "Tham gia hòa giải mâu thuẫn ở cơ sở")),
        Task("Tham gia sinh hoạt chi bộ đầy đủ và đóng góp ý kiến xây dựng chi bộ",
             ("Dự đủ 100% buổi sinh hoạt chi bộ", "Mỗi quý có ít nhất một ý kiến đóng góp"),
             ("Sổ ghi biên bản sinh hoạt chi bộ", "Nhận xét của chi ủy"),
             ("Nghiên cứu trước nội dung sinh hoạt",
              "Báo cáo chi bộ khi vắng mặt có lý do",
              "Tham gia các buổi sinh hoạt chuyên đề")),
    ],
}

# How-to sentences anyone may add to any task: a person's task has one or two solutions
# of its own title and one or two of these, so colleagues' tasks rarely coincide.
WAYS = [
    "Lập kế hoạch chi tiết theo từng tháng, tự kiểm tra tiến độ vào ngày cuối mỗi tháng",
    "Báo cáo kết quả thực hiện với chi bộ tại buổi sinh hoạt định kỳ hằng quý",
    "Chủ động xin ý kiến lãnh đạo trực tiếp khi gặp vướng mắc, không để công việc tồn đọng",
    "Dành thời gian ngoài giờ để nghiên cứu tài liệu, văn bản hướng dẫn liên quan",
    "Phối hợp chặt chẽ với đồng nghiệp cùng bộ phận, chia sẻ kinh nghiệm làm việc",
    "Ghi sổ tay công tác hằng ngày để theo dõi những việc đã làm và việc còn tồn",
    "Học hỏi cách làm hay của các đơn vị bạn qua các buổi tham quan, trao đổi",
    "Ứng dụng phần mềm nhắc việc trên điện thoại để bảo đảm đúng thời hạn",
    "Tự đánh giá kết quả sau mỗi đợt, rút kinh nghiệm cho đợt tiếp theo",
    "Lắng nghe góp ý của đồng nghiệp và người dân để điều chỉnh cách làm",
    "Sắp xếp công việc gia đình hợp lý để dành thời gian cho nhiệm vụ chung",
    "Tham gia đầy đủ các lớp tập huấn nghiệp vụ do cấp trên tổ chức trong năm",
    "Đề xuất với thủ trưởng đơn vị bố trí điều kiện làm việc cần thiết",
    "Công khai kết quả thực hiện để tập thể theo dõi, giám sát",
    "Đăng ký thi đua với đồng nghiệp trong tổ, bộ phận ngay từ đầu năm",
    "Kiểm tra chéo kết quả với một đồng nghiệp trước khi báo cáo lãnh đạo",
]

# Targets and products that fit any task, beside each task's own.
TARGETS = [
    "Hoàn thành 100% phần việc được giao đúng thời hạn, bảo đảm chất lượng",
    "Được đánh giá, xếp loại hoàn thành tốt nhiệm vụ trở lên",
    "Không có phần việc nào bị lãnh đạo nhắc nhở về tiến độ trong năm",
    "Kết quả năm sau cao hơn năm trước, được tập thể ghi nhận",
    "Hoàn thành trước thời hạn ít nhất một tháng",
    "Được cấp trên biểu dương hoặc khen thưởng về kết quả thực hiện",
    "Đạt và vượt chỉ tiêu đơn vị giao cho cá nhân từ đầu năm",
    "Không để xảy ra sai sót phải khắc phục trong năm",
]
PRODUCTS = [
    "Báo cáo kết quả thực hiện nhiệm vụ cá nhân theo quý",
    "Bảng theo dõi tiến độ cá nhân có xác nhận của lãnh đạo bộ phận",
    "Bản tự kiểm điểm cuối năm có số liệu minh chứng",
    "Hồ sơ lưu kết quả công việc trên hệ thống của đơn vị",
    "Nhận xét, đánh giá của thủ trưởng trực tiếp",
    "Biên bản họp bộ phận ghi nhận kết quả",
]

# Tasks anyone may add, whatever their unit.
GENERAL = [
    Task("Học tập, quán triệt và triển khai nghị quyết, chỉ thị của Đảng đến đơn vị",
         ("100% nội dung học tập được thu hoạch đạt yêu cầu",
          "Xây dựng kế hoạch hành động cá nhân sau mỗi đợt học tập"),
         ("Bài thu hoạch", "Kế hoạch hành động cá nhân"),
         ("Tham gia đầy đủ các hội nghị học tập, quán triệt",
          "Tự nghiên cứu văn kiện trên ứng dụng Sổ tay đảng viên điện tử",
          "Liên hệ nội dung nghị quyết với nhiệm vụ được giao")),
    Task("Thực hành tiết kiệm, chống lãng phí trong công việc được giao",
         ("Giảm chi phí văn phòng phẩm, điện năng so với năm trước",
          "Không để xảy ra lãng phí trong phần việc phụ trách"),
         ("Báo cáo thực hành tiết kiệm năm", "Số liệu điện năng, văn phòng phẩm"),
         ("Tắt thiết bị điện khi ra khỏi phòng",
          "Dùng văn bản điện tử thay cho bản giấy",
          "Đề xuất cắt giảm các cuộc họp không cần thiết")),
]
# fmt: on

POLITICAL = [
    "Kiên định chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh; tuyệt đối trung thành với lợi ích "
    "của Đảng, của quốc gia - dân tộc và nhân dân.",
    "Chấp hành nghiêm chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước; "
    "không dao động trước khó khăn, thử thách; kiên quyết đấu tranh với quan điểm sai trái.",
    "Thường xuyên học tập lý luận chính trị, nắm vững nghị quyết của Đảng và vận dụng vào "
    "nhiệm vụ được giao.",
]
ETHICS = [
    "Giữ gìn phẩm chất đạo đức, lối sống giản dị, trung thực; không tham nhũng, tiêu cực.",
    "Không sử dụng rượu bia trong giờ làm việc; không tham gia tệ nạn xã hội.",
    "Tôn trọng, lắng nghe đồng nghiệp và nhân dân; không hách dịch, cửa quyền.",
]
THEME = [
    "Học tập và làm theo chuyên đề năm 2026: nêu gương trong việc nhỏ hằng ngày, đúng giờ, "
    "đúng hẹn, tận tụy với công việc.",
    "Đăng ký một việc làm cụ thể theo chuyên đề năm và báo cáo kết quả với chi bộ mỗi quý.",
    "Tự liên hệ, kiểm điểm việc làm theo chuyên đề năm tại buổi sinh hoạt chi bộ hằng tháng.",
]
DISCIPLINE = [
    "Chấp hành nghiêm nguyên tắc tập trung dân chủ, nội quy cơ quan; gương mẫu nêu gương để "
    "gia đình chấp hành tốt chính sách, pháp luật.",
    "Đóng đảng phí đầy đủ, đúng hạn; sinh hoạt nơi cư trú theo Quy định 213; giáo dục con "
    "cháu sống có ích.",
    "Giữ mối liên hệ với chi ủy và nhân dân nơi cư trú; nêu gương cho gia đình và hàng xóm.",
]
LEADERSHIP = [
    "Lãnh đạo đơn vị hoàn thành các chỉ tiêu năm; phân công rõ người, rõ việc, rõ thời hạn; "
    "nêu gương trước tập thể.",
    "Gương mẫu đi đầu, nói đi đôi với làm; kiểm tra, đôn đốc cấp dưới; chịu trách nhiệm "
    "người đứng đầu khi để xảy ra sai phạm.",
]
RETURN_REASONS = [
    "Nhiệm vụ trọng tâm còn chung chung, chưa có chỉ tiêu đo được; đề nghị bổ sung.",
    "Thời hạn các nhiệm vụ chưa sát thực tế; đề nghị chia theo quý.",
    "Giải pháp chưa cụ thể, đề nghị nêu rõ việc làm, thời gian thực hiện.",
    "Chưa đăng ký việc làm theo chuyên đề năm; đề nghị bổ sung.",
]
AMENDMENT_REASONS = [
    "Được điều động sang bộ phận mới từ tháng 6, điều chỉnh nhiệm vụ trọng tâm cho phù hợp.",
    "Bổ sung nhiệm vụ theo phân công mới của thủ trưởng đơn vị.",
]
PROGRESS_NOTES = [
    "Đã thực hiện theo kế hoạch quý {q}.",
    "Đang triển khai, dự kiến hoàn thành đúng hạn.",
    "Chậm so với tiến độ do thay đổi nhân sự; đã có phương án khắc phục.",
    "Đã hoàn thành, có sản phẩm kèm theo.",
]
COLLECTIVE = [
    Task("Lãnh đạo đơn vị hoàn thành toàn diện các chỉ tiêu kế hoạch năm 2026",
         ("Đơn vị được xếp loại hoàn thành tốt nhiệm vụ trở lên",),
         ("Báo cáo tổng kết năm",),
         ("Giao chỉ tiêu đến từng bộ phận, từng người",
          "Sơ kết 6 tháng, điều chỉnh giải pháp kịp thời")),
    Task("Xây dựng tổ chức đảng trong sạch, vững mạnh",
         ("Chi bộ, đảng bộ đạt hoàn thành tốt nhiệm vụ trở lên",),
         ("Kết quả đánh giá, xếp loại tổ chức đảng",),
         ("Nâng cao chất lượng sinh hoạt chi bộ chuyên đề mỗi quý",
          "Kiểm tra, giám sát đảng viên theo chương trình")),
]  # fmt: skip
