"""The bank the demo codes are drawn from: short, checkable items by relationship, some
citing QĐ 144 standards and QĐ 37 articles, general and by sector; and the words of
returns, evidence and shortfalls."""

from dataclasses import dataclass

RESIDENTIAL = "khu-dan-cu"  # the flavour of residential party cells (thôn, khu)


@dataclass(frozen=True)
class Item:
    rel: int  # models.Relationship
    text: str
    cites: tuple = ()  # ("37", 14): QĐ 37 Điều 14; ("144", 3): QĐ 144 Chuẩn mực 3
    revised: str = ""  # a stricter wording a later version uses


# fmt: off
GENERAL = [
    Item(1, "Không nói, viết, làm trái nghị quyết của Đảng, pháp luật của Nhà nước.",
         (("37", 1), ("144", 1))),
    Item(1, "Không đăng, chia sẻ trên mạng xã hội thông tin sai sự thật, chưa được kiểm chứng.",
         (("37", 5),)),
    Item(1, "Giải quyết việc của người dân đúng hẹn; không gây phiền hà, sách nhiễu.",
         (("144", 1),),
         "Giải quyết việc của người dân đúng hẹn; trả lời mọi phản ánh trong 5 ngày làm việc."),
    Item(1, "Sinh hoạt ở nơi cư trú hằng quý; gương mẫu chấp hành quy ước của khu dân cư."),
    Item(2, "Đi làm đúng giờ; không làm việc riêng trong giờ làm việc.", (),
         "Đi làm đúng giờ; vắng mặt từ nửa ngày trở lên phải báo cáo người phụ trách."),
    Item(2, "Giữ bí mật công tác; không đưa tài liệu nội bộ lên mạng xã hội.", (("37", 4),)),
    Item(2, "Sử dụng tài sản công đúng mục đích; tắt điện, nước, thiết bị trước khi ra về.",
         (("144", 3),)),
    Item(2, "Thực hiện đúng nội quy, quy chế dân chủ của đơn vị; góp ý tại hội nghị hằng năm.",
         (("144", 4),)),
    Item(3, "Tôn trọng, giúp đỡ đồng nghiệp; không nói xấu, không gây mất đoàn kết nội bộ.",
         (("144", 4),)),
    Item(3, "Góp ý thẳng thắn trong cuộc họp; không viết đơn thư giấu tên, mạo tên.",
         (("37", 7),)),
    Item(3, "Thăm hỏi, giúp đỡ đồng nghiệp khi ốm đau, hoạn nạn; không để ai bị bỏ lại."),
    Item(3, "Không kéo bè cánh; không để quan hệ cá nhân chi phối việc chung."),
    Item(4, "Hoàn thành việc được giao đúng hạn, đúng chất lượng; báo cáo ngay khi vướng mắc.", (),
         "Hoàn thành việc được giao đúng hạn; không để việc nào quá hạn mà không báo cáo."),
    Item(4, "Người đứng đầu làm trước, nói đi đôi với làm; chịu trách nhiệm về kết quả chung.",
         (("144", 5),)),
    Item(4, "Xử lý văn bản, hồ sơ trên môi trường mạng; không để hồ sơ trễ hạn do lỗi cá nhân."),
    Item(4, "Mỗi năm có ít nhất một sáng kiến hoặc cách làm mới được đơn vị ghi nhận.",
         (("144", 2),)),
    Item(5, "Không nhận quà, tiền, lợi ích để làm hoặc không làm một việc.",
         (("144", 3), ("37", 14))),
    Item(5, "Không uống rượu, bia trong giờ làm việc; không tham gia cờ bạc, tệ nạn xã hội.",
         (("37", 16),)),
    Item(5, "Tổ chức việc cưới, việc tang gọn nhẹ, tiết kiệm, đúng quy định.", (("37", 17),)),
    Item(5, "Học tập chuyên đề năm; mỗi người đăng ký và thực hiện ít nhất một việc làm theo.",
         (("144", 5),)),
]

SECTOR_ITEMS = {
    "giao-duc": [
        Item(1, "Không dạy thêm, thu tiền trái quy định; công khai các khoản thu đầu năm học."),
        Item(2, "Mặc trang phục đúng quy định; nói năng chuẩn mực trước học sinh."),
        Item(4, "Chấm, trả bài đúng hạn; đánh giá học sinh khách quan, không sửa điểm.",
             (("144", 3),)),
    ],
    "y-te": [
        Item(1, "Niềm nở với người bệnh; không nhận phong bì của người bệnh, người nhà.",
             (("144", 1), ("37", 14))),
        Item(2, "Thực hiện đúng quy trình chuyên môn; giữ bí mật thông tin người bệnh."),
        Item(4, "Có mặt đúng giờ trực; tiếp nhận người bệnh cấp cứu ngay, không đùn đẩy."),
    ],
    "kiem-sat": [
        Item(1, "Khách quan khi thực hành quyền công tố; không để người thân tác động vào vụ việc.",
             (("37", 11),)),
        Item(2, "Không gặp đương sự, người liên quan ngoài trụ sở và ngoài thủ tục tố tụng."),
        Item(4, "Kiểm sát hồ sơ đúng thời hạn luật định; không để án quá hạn do chủ quan."),
    ],
    "than": [
        Item(2, "Chấp hành quy trình an toàn; không uống rượu, bia trước và trong ca làm việc.",
             (("37", 16),)),
        Item(3, "Giữ truyền thống “Kỷ luật và Đồng tâm”; giúp nhau hoàn thành ca làm việc."),
        Item(4, "Báo cáo ngay khi thấy nguy cơ mất an toàn; hoàn thành kế hoạch sản lượng của tổ."),
    ],
    "luc-luong-vu-trang": [
        Item(1, "Tuyệt đối trung thành với Đảng, Tổ quốc, Nhân dân; sẵn sàng nhận mọi nhiệm vụ.",
             (("144", 1),)),
        Item(2, "Chấp hành nghiêm điều lệnh; không vi phạm chế độ trực sẵn sàng chiến đấu."),
        Item(4, "Làm việc với Nhân dân đúng quy trình, văn minh; không gây phiền hà."),
    ],
    "tuyen-giao": [
        Item(1, "Nắm tình hình tư tưởng trong cán bộ, Nhân dân; báo cáo đúng kỳ hằng tháng."),
        Item(2, "Kiểm tra nguồn tin trước khi đăng, phát; không đăng tin chưa được kiểm chứng.",
             (("37", 5),)),
        Item(4, "Mỗi người có ít nhất một bài viết phản bác quan điểm sai trái mỗi quý.",
             (("144", 1),)),
    ],
    RESIDENTIAL: [
        Item(1, "Gương mẫu thực hiện hương ước của thôn, khu; vận động gia đình cùng làm theo."),
        Item(3, "Dự đủ sinh hoạt chi bộ hằng tháng; thăm hỏi đảng viên cao tuổi, ốm đau."),
        Item(5, "Mỗi tháng tham gia ít nhất một buổi vệ sinh môi trường của khu dân cư."),
    ],
}

# What a returned version was returned for: an item nobody can check.
VAGUE = [
    Item(5, "Luôn luôn phấn đấu, rèn luyện tốt."),
    Item(5, "Tích cực học tập, nâng cao nhận thức."),
    Item(3, "Có ý thức giữ gìn đoàn kết."),
]
RETURN_REASONS = [
    "Nội dung “{text}” chung chung, không đánh giá được; đề nghị nêu việc làm cụ thể theo "
    "Quy định 144-QĐ/TW.",
    "Đề nghị bỏ nội dung “{text}”, thay bằng việc làm cụ thể, kiểm tra được, sát với nhiệm "
    "vụ của đơn vị.",
]
EVIDENCE = [
    "Sổ theo dõi ngày công, chấm công tháng {m}/{y}",
    "Biên bản sinh hoạt chi bộ tháng {m}/{y}",
    "Báo cáo sơ kết 6 tháng năm {y} của đơn vị",
    "Không có phản ánh, đơn thư liên quan trong năm {y}",
    "Kết quả tự kiểm tra của đơn vị quý {q}/{y}",
]
SHORTFALLS = [
    "Còn 1 trường hợp vi phạm, đã nhắc nhở trong cuộc họp đơn vị.",
    "Thực hiện chưa đều giữa các bộ phận; cần theo dõi thêm.",
    "Một số việc còn chậm so với hạn; đã có biện pháp khắc phục.",
]
EXEMPLARY_NOTE = "Ngắn gọn, sát nhiệm vụ, mỗi nội dung đều kiểm tra được."
NOT_APPLICABLE = {
    "2": "Chi bộ khu dân cư, đảng viên phần lớn đã nghỉ hưu, không có cơ quan công tác chung.",
}
# fmt: on
