"""Places: Quảng Ninh's 54 commune-level units after 1 July 2025, the 34 provinces, and
syllables for plausible commune names in the other provinces (national benchmark data)."""

# Data tables, laid out by hand.
# fmt: off

# (level, name): 30 wards, 22 communes and 2 special zones. The first ones carry the demo
# personas, so keep Hạ Long and Bãi Cháy at the top.
QUANG_NINH_COMMUNES = [
    ("phường", "Hạ Long"), ("phường", "Bãi Cháy"), ("phường", "Hồng Gai"),
    ("phường", "Hà Lầm"), ("phường", "Hà Tu"), ("phường", "Cao Xanh"), ("phường", "Việt Hưng"),
    ("phường", "Tuần Châu"), ("phường", "Hoành Bồ"), ("phường", "Cẩm Phả"),
    ("phường", "Quang Hanh"), ("phường", "Cửa Ông"), ("phường", "Mông Dương"),
    ("phường", "Uông Bí"), ("phường", "Vàng Danh"), ("phường", "Yên Tử"),
    ("phường", "Móng Cái 1"), ("phường", "Móng Cái 2"), ("phường", "Móng Cái 3"),
    ("phường", "Đông Triều"), ("phường", "Mạo Khê"), ("phường", "Bình Khê"),
    ("phường", "An Sinh"), ("phường", "Hoàng Quế"), ("phường", "Quảng Yên"),
    ("phường", "Đông Mai"), ("phường", "Hiệp Hòa"), ("phường", "Hà An"),
    ("phường", "Phong Cốc"), ("phường", "Liên Hòa"),
    ("đặc khu", "Vân Đồn"), ("đặc khu", "Cô Tô"),
    ("xã", "Tiên Yên"), ("xã", "Điền Xá"), ("xã", "Đông Ngũ"), ("xã", "Hải Lạng"),
    ("xã", "Bình Liêu"), ("xã", "Hoành Mô"), ("xã", "Lục Hồn"), ("xã", "Ba Chẽ"),
    ("xã", "Lương Minh"), ("xã", "Kỳ Thượng"), ("xã", "Đầm Hà"), ("xã", "Quảng Tân"),
    ("xã", "Quảng Hà"), ("xã", "Đường Hoa"), ("xã", "Quảng Đức"), ("xã", "Cái Chiên"),
    ("xã", "Hải Sơn"), ("xã", "Hải Ninh"), ("xã", "Vĩnh Thực"), ("xã", "Hải Hòa"),
    ("xã", "Quảng La"), ("xã", "Thống Nhất"),
]

# (code, name, is a centrally-run city, number of commune-level units after 2025).
PROVINCES = [
    ("HN", "Hà Nội", True, 126), ("HUE", "Huế", True, 40), ("LCH", "Lai Châu", False, 38),
    ("DB", "Điện Biên", False, 45), ("SL", "Sơn La", False, 75), ("LS", "Lạng Sơn", False, 65),
    ("QN", "Quảng Ninh", False, 54), ("TH", "Thanh Hóa", False, 166),
    ("NA", "Nghệ An", False, 130), ("HT", "Hà Tĩnh", False, 69), ("CB", "Cao Bằng", False, 56),
    ("TQ", "Tuyên Quang", False, 124), ("LCI", "Lào Cai", False, 99),
    ("TN", "Thái Nguyên", False, 92), ("PT", "Phú Thọ", False, 148),
    ("BN", "Bắc Ninh", False, 99), ("HY", "Hưng Yên", False, 104),
    ("HP", "Hải Phòng", True, 114), ("NB", "Ninh Bình", False, 129),
    ("QT", "Quảng Trị", False, 78), ("DNG", "Đà Nẵng", True, 94),
    ("QNG", "Quảng Ngãi", False, 96), ("GL", "Gia Lai", False, 135),
    ("KH", "Khánh Hòa", False, 65), ("LD", "Lâm Đồng", False, 124),
    ("DL", "Đắk Lắk", False, 102), ("HCM", "Hồ Chí Minh", True, 168),
    ("DNA", "Đồng Nai", False, 95), ("TNI", "Tây Ninh", False, 96),
    ("CT", "Cần Thơ", True, 103), ("VL", "Vĩnh Long", False, 124),
    ("DT", "Đồng Tháp", False, 102), ("CM", "Cà Mau", False, 64),
    ("AG", "An Giang", False, 102),
]

FIRST_SYLLABLES = [
    "An", "Bình", "Hòa", "Tân", "Phú", "Vĩnh", "Long", "Thạnh", "Phước", "Hưng", "Thuận",
    "Đông", "Tây", "Nam", "Bắc", "Quảng", "Hải", "Sơn", "Thanh", "Minh", "Đức", "Trung",
    "Xuân", "Kim", "Ngọc", "Hồng", "Quang", "Thái", "Cẩm", "Yên", "Định", "Mỹ", "Lạc", "Thọ",
    "Gia", "Hiệp", "Hợp", "Đại", "Tiên", "Lam",
]
SECOND_SYLLABLES = [
    "An", "Bình", "Hòa", "Phú", "Lợi", "Thịnh", "Lộc", "Phong", "Hưng", "Thành", "Lâm", "Sơn",
    "Hải", "Tiến", "Lạc", "Mỹ", "Thuận", "Điền", "Trung", "Long", "Khánh", "Ninh", "Yên",
    "Xuân", "Đông", "Hiệp", "Tân", "Giang", "Châu", "Quang",
]

# Villages (thôn) in rural communes; residential areas in wards are numbered (khu 1, 2, ...).
VILLAGE_NAMES = [
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân Lập", "Đồng Tâm", "Khe Lạc",
    "Nà Làng", "Đồng Bài", "Tân Tiến", "Bình Minh", "Hải Tân", "Đồng Mô", "Làng Cổng",
    "Khe Tre", "Cái Bầu", "Đồng Sơn", "Phúc Tiến", "Yên Mỹ", "Đoàn Kết", "Quyết Thắng",
]
# fmt: on
