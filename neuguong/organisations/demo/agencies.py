"""Names of the units inside a province: advisory boards, departments, hospitals, schools,
armed-forces units, coal companies, local enterprises, and the titles of their posts."""

# Data tables, laid out by hand.
# fmt: off

# (code suffix, name without the committee word, head title, deputy title, sectors, base staff)
BOARDS = [
    ("BTC", "Ban Tổ chức", "Trưởng Ban Tổ chức", "Phó Trưởng Ban Tổ chức", (), 40),
    ("BTGDV", "Ban Tuyên giáo và Dân vận", "Trưởng Ban Tuyên giáo và Dân vận",
     "Phó Trưởng Ban Tuyên giáo và Dân vận", ("tuyen-giao",), 45),
    ("UBKT", "Ủy ban Kiểm tra", "Chủ nhiệm Ủy ban Kiểm tra", "Phó Chủ nhiệm Ủy ban Kiểm tra",
     (), 40),
    ("VP", "Văn phòng", "Chánh Văn phòng", "Phó Chánh Văn phòng", (), 60),
    ("BNC", "Ban Nội chính", "Trưởng Ban Nội chính", "Phó Trưởng Ban Nội chính",
     ("noi-chinh",), 25),
]

# Under the party agencies' committee: (name, kind, staff profile, base staff, head title,
# deputy title, party cells or None for one named after the unit, sectors). {lvl} is "tỉnh" or
# "thành phố", {p} the province; the school is renamed in Quảng Ninh.
PARTY_AGENCY_UNITS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam {lvl}", "state_agency", "agency", 50,
     "Chủ tịch Ủy ban Mặt trận Tổ quốc", "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc", None, ()),
    ("Báo và Phát thanh, Truyền hình {p}", "public_service", "public", 280, "Tổng Biên tập",
     "Phó Tổng Biên tập", ["Ban Thời sự", "Ban Biên tập", "Khối Kỹ thuật"], ("tuyen-giao",)),
    ("Trường Chính trị {lvl} {p}", "public_service", "public", 80, "Hiệu trưởng",
     "Phó Hiệu trưởng", ["Khối Giảng viên", "Khối Phòng chức năng"], ("tuyen-giao",)),
    ("Viện Kiểm sát nhân dân {lvl} {p}", "state_agency", "agency", 160, "Viện trưởng",
     "Phó Viện trưởng", ["Văn phòng", "Phòng Thực hành quyền công tố", "Viện Kiểm sát khu vực 1"],
     ("kiem-sat",)),
    ("Tòa án nhân dân {lvl} {p}", "state_agency", "agency", 150, "Chánh án", "Phó Chánh án",
     ["Văn phòng", "Tòa án khu vực 1"], ("noi-chinh",)),
]
QN_POLITICAL_SCHOOL = "Trường Chính trị Nguyễn Văn Cừ"

# Departments under the provincial People's Committee: (name, sectors, base staff).
DEPARTMENTS = [
    ("Sở Nội vụ", (), 90), ("Sở Tài chính", ("tai-chinh",), 120), ("Sở Xây dựng", (), 110),
    ("Sở Công Thương", (), 90),
    ("Sở Nông nghiệp và Môi trường", ("nong-nghiep-moi-truong",), 160),
    ("Sở Khoa học và Công nghệ", (), 70), ("Sở Tư pháp", ("noi-chinh",), 60),
    ("Sở Văn hóa, Thể thao và Du lịch", ("van-hoa-du-lich",), 110),
    ("Sở Dân tộc và Tôn giáo", (), 40), ("Sở Ngoại vụ", (), 35),
    ("Thanh tra tỉnh", ("noi-chinh",), 60),
]

# (name, base staff, party cells); {p} is the province name.
HOSPITALS = [
    ("Bệnh viện Đa khoa tỉnh {p}", 900, ["Khoa Nội", "Khoa Ngoại", "Khoa Hồi sức cấp cứu",
                                         "Khối Cận lâm sàng", "Khối Phòng chức năng"]),
    ("Bệnh viện Sản Nhi {p}", 500, ["Khối Sản", "Khối Nhi", "Khối Phòng chức năng"]),
    ("Bệnh viện Y dược cổ truyền {p}", 250, ["Khối Lâm sàng", "Khối Phòng chức năng"]),
    ("Trung tâm Kiểm soát bệnh tật {p}", 150, ["Khối Dự phòng", "Khối Xét nghiệm"]),
]
QN_HOSPITALS = [
    ("Bệnh viện Đa khoa tỉnh Quảng Ninh", 1100, ["Khoa Nội", "Khoa Ngoại", "Khoa Hồi sức cấp cứu",
                                                 "Khối Cận lâm sàng", "Khối Phòng chức năng"]),
    ("Bệnh viện Bãi Cháy", 700, ["Khối Nội", "Khối Ngoại", "Khối Phòng chức năng"]),
    ("Bệnh viện Sản Nhi Quảng Ninh", 600, ["Khối Sản", "Khối Nhi", "Khối Phòng chức năng"]),
    ("Trung tâm Kiểm soát bệnh tật tỉnh Quảng Ninh", 150, ["Khối Dự phòng", "Khối Xét nghiệm"]),
]
SCHOOLS_PROVINCIAL = [
    ("Trường THPT Chuyên {p}", 110, ["Tổ Tự nhiên", "Tổ Xã hội"]),
    ("Trường Cao đẳng {p}", 300, ["Khoa Kỹ thuật", "Khoa Kinh tế", "Khối Phòng chức năng"]),
    ("Trường Cao đẳng Y tế {p}", 120, ["Khối Giảng viên", "Khối Phòng chức năng"]),
]
QN_SCHOOLS_PROVINCIAL = [
    ("Trường THPT Chuyên Hạ Long", 110, ["Tổ Tự nhiên", "Tổ Xã hội"]),
    ("Trường Đại học Hạ Long", 450,
     ["Khoa Du lịch", "Khoa Ngoại ngữ", "Khoa Công nghệ thông tin", "Khối Phòng chức năng"]),
    ("Trường Cao đẳng Y tế Quảng Ninh", 120, ["Khối Giảng viên", "Khối Phòng chức năng"]),
]

MILITARY = [
    ("Bộ Chỉ huy Quân sự tỉnh", "Chỉ huy trưởng", "Phó Chỉ huy trưởng", 300,
     ["Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần - Kỹ thuật"]),
    ("Ban Chỉ huy Phòng thủ khu vực 1", "Chỉ huy trưởng", "Phó Chỉ huy trưởng", 70, ["Cơ quan"]),
    ("Ban Chỉ huy Phòng thủ khu vực 2", "Chỉ huy trưởng", "Phó Chỉ huy trưởng", 70, ["Cơ quan"]),
    ("Ban Chỉ huy Phòng thủ khu vực 3", "Chỉ huy trưởng", "Phó Chỉ huy trưởng", 70, ["Cơ quan"]),
    ("Ban Chỉ huy Phòng thủ khu vực 4", "Chỉ huy trưởng", "Phó Chỉ huy trưởng", 70, ["Cơ quan"]),
    ("Trung đoàn bộ binh", "Trung đoàn trưởng", "Phó Trung đoàn trưởng", 600,
     ["Tiểu đoàn 1", "Tiểu đoàn 2", "Tiểu đoàn 3", "Cơ quan Trung đoàn"]),
]
QN_REGIMENT = "Trung đoàn 244"

POLICE = [
    ("Phòng Tham mưu", 150), ("Phòng Tổ chức cán bộ", 80),
    ("Phòng An ninh chính trị nội bộ", 120), ("Phòng An ninh kinh tế", 110),
    ("Phòng Cảnh sát hình sự", 200), ("Phòng Cảnh sát kinh tế", 150),
    ("Phòng Cảnh sát giao thông", 300),
    ("Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", 250),
    ("Phòng Quản lý xuất nhập cảnh", 100),
    ("Phòng Cảnh sát quản lý hành chính về trật tự xã hội", 150),
    ("Phòng Kỹ thuật hình sự", 70), ("Trại tạm giam", 120),
]

COAL_COMPANIES = [
    "Công ty Than Hà Tu - TKV", "Công ty Cổ phần Than Núi Béo - Vinacomin",
    "Công ty Cổ phần Than Hà Lầm - Vinacomin", "Công ty Than Hòn Gai - TKV",
    "Công ty Than Mông Dương - Vinacomin", "Công ty Than Khe Chàm - TKV",
    "Công ty Than Dương Huy - TKV", "Công ty Than Quang Hanh - TKV",
    "Công ty Than Thống Nhất - TKV", "Công ty Cổ phần Than Cao Sơn - TKV",
    "Công ty Cổ phần Than Cọc Sáu - Vinacomin", "Công ty Cổ phần Than Đèo Nai - Vinacomin",
    "Công ty Than Hạ Long - TKV", "Công ty Cổ phần Than Vàng Danh - Vinacomin",
    "Công ty Than Nam Mẫu - TKV", "Công ty Than Uông Bí - TKV", "Công ty Than Mạo Khê - TKV",
    "Công ty Tuyển than Cửa Ông - TKV", "Công ty Tuyển than Hòn Gai - Vinacomin",
    "Công ty Kho vận Đá Bạc - Vinacomin",
]
COAL_WORKSHOPS = [
    "Phân xưởng Khai thác 1", "Phân xưởng Khai thác 2", "Phân xưởng Khai thác 3",
    "Phân xưởng Đào lò 1", "Phân xưởng Cơ điện", "Phân xưởng Vận tải", "Phân xưởng Sàng tuyển",
    "Cơ quan Công ty",
]

SCHOOL_KINDS = [
    # (prefix, weight, base staff, head, deputy)
    ("Trường Mầm non", 3, 45, "Hiệu trưởng", "Phó Hiệu trưởng"),
    ("Trường Tiểu học", 3, 60, "Hiệu trưởng", "Phó Hiệu trưởng"),
    ("Trường THCS", 3, 60, "Hiệu trưởng", "Phó Hiệu trưởng"),
    ("Trường THPT", 1, 100, "Hiệu trưởng", "Phó Hiệu trưởng"),
]
SCHOOL_PATRONS = [
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Chu Văn An", "Lý Thường Kiệt", "Quang Trung",
    "Võ Thị Sáu", "Kim Đồng", "Lê Quý Đôn", "Nguyễn Du", "Hoàng Hoa Thám", "Trần Quốc Toản",
    "Ngô Quyền", "Lê Văn Tám", "Nguyễn Bá Ngọc", "Phan Chu Trinh", "Bạch Đằng", "Yết Kiêu",
    "Hùng Vương", "Nguyễn Văn Cừ", "Trần Phú", "Lương Thế Vinh", "Đoàn Thị Điểm",
]
KINDERGARTEN_NAMES = [
    "Hoa Sen", "Hoa Mai", "Sao Mai", "Họa Mi", "Hoa Hồng", "Sơn Ca", "Bình Minh", "Hoa Phượng",
    "Hướng Dương", "Tuổi Thơ", "Hoa Ban", "Ánh Dương",
]
LOCAL_ENTERPRISES = [
    "Công ty Cổ phần Xây dựng {}", "Hợp tác xã Nông nghiệp {}", "Công ty TNHH Thủy sản {}",
    "Công ty Cổ phần Du lịch {}", "Công ty Cổ phần Vận tải {}", "Công ty TNHH Chế biến lâm sản {}",
    "Công ty Cổ phần Cấp nước {}", "Công ty TNHH Thương mại {}",
]

SECTORS = [
    ("tuyen-giao", "Tuyên giáo"), ("y-te", "Y tế"), ("giao-duc", "Giáo dục"),
    ("kiem-sat", "Kiểm sát"), ("than", "Than"), ("luc-luong-vu-trang", "Lực lượng vũ trang"),
    ("noi-chinh", "Nội chính"), ("tai-chinh", "Tài chính"),
    ("van-hoa-du-lich", "Văn hóa, thể thao và du lịch"),
    ("nong-nghiep-moi-truong", "Nông nghiệp và môi trường"), ("doanh-nghiep", "Doanh nghiệp"),
]
# fmt: on
