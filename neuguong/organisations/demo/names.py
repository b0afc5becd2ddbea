"""Vietnamese personal names: family names weighted by how common they are, middle names
by gender, given names by gender. Weights are rough shares in northern provinces."""

from itertools import accumulate

# Data tables, laid out by hand.
# fmt: off
FAMILY_NAMES = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 45), ("Huỳnh", 6),
    ("Phan", 45), ("Vũ", 35), ("Võ", 5), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 9), ("Đào", 8), ("Trịnh", 7), ("Mai", 5),
    ("Lương", 5), ("Tạ", 3), ("Cao", 4), ("Chu", 3), ("Lưu", 3), ("Phùng", 3), ("Hà", 4),
    ("Vương", 2), ("Triệu", 3), ("Tô", 2), ("Đoàn", 4), ("Lâm", 2), ("Kiều", 1), ("Nông", 3),
    ("Lục", 2), ("Bàn", 2), ("Đàm", 2), ("Văn", 1), ("Khúc", 1), ("Quách", 1), ("Thái", 1),
    ("Nghiêm", 1), ("Tống", 1), ("Lại", 2), ("Vi", 1), ("Hứa", 1), ("Mạc", 1),
]

MALE_MIDDLE = [
    ("Văn", 300), ("Đức", 60), ("Minh", 60), ("Quang", 45), ("Hữu", 40), ("Xuân", 30),
    ("Thành", 25), ("Ngọc", 25), ("Công", 30), ("Mạnh", 20), ("Duy", 20), ("Tuấn", 15),
    ("Trọng", 20), ("Tiến", 15), ("Đình", 35), ("Anh", 15), ("Thế", 20), ("Việt", 15),
    ("Hoàng", 15), ("Trung", 10), ("Bá", 10), ("Huy", 10), ("Khắc", 8), ("Chí", 8),
]
FEMALE_MIDDLE = [
    ("Thị", 420), ("Thu", 40), ("Thanh", 40), ("Ngọc", 35), ("Minh", 25), ("Hồng", 25),
    ("Phương", 20), ("Thùy", 15), ("Kim", 20), ("Bích", 10), ("Diệu", 8), ("Mai", 10),
    ("Hải", 10), ("Khánh", 10), ("Lan", 8), ("Hà", 8), ("Thúy", 12), ("Quỳnh", 8),
]

# Second middle names ("Nguyễn Thị Thu Hương"), used for about one name in six.
MALE_SECOND = ["Minh", "Quang", "Đức", "Tuấn", "Hoàng", "Trung", "Hải", "Thanh", "Anh"]
FEMALE_SECOND = ["Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Thùy", "Phương", "Diệu"]

MALE_GIVEN = [
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hòa", "Hoàng",
    "Hùng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa",
    "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Trung", "Tú", "Tuấn",
    "Việt", "Vinh", "Toàn", "Hưng", "Hiệp", "Tùng", "Thịnh", "Định", "Lực", "Chiến", "Công",
    "Hậu", "Lợi", "Thái", "Kiệt", "Bảo", "Duy", "Tiến", "Trường", "Tâm", "Hảo", "Khải", "Luân",
    "Ngọc", "Phương", "Quý", "Sang", "Tân", "Thiện", "Thuận", "Trí", "Văn", "Vũ", "Đông", "Hà",
    "Hạnh", "Hiển", "Khôi", "Lộc", "Nhân", "Phát", "Quyết", "Thông", "Tuyên",
]
FEMALE_GIVEN = [
    "Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Huệ",
    "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "Minh", "My", "Nga", "Ngân", "Ngọc",
    "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo", "Thanh", "Thu", "Thủy", "Trang", "Trinh",
    "Tuyết", "Vân", "Yến", "Hồng", "Lý", "Nhàn", "Xuân", "Hoài", "Thoa", "Quyên", "Diệp", "Ánh",
    "Bích", "Hậu", "Lụa", "Nguyệt", "Thúy", "Vy", "Hảo", "Lệ", "Mơ", "Nhi", "Phượng", "Sen",
    "Thắm", "Thơ", "Uyên", "Đào", "Hiên", "Khuyên", "Lành",
]
# fmt: on


def _table(pairs):
    names = [n for n, _ in pairs]
    return names, list(accumulate(w for _, w in pairs))


FAMILY, FAMILY_CUM = _table(FAMILY_NAMES)
MALE_MID, MALE_MID_CUM = _table(MALE_MIDDLE)
FEMALE_MID, FEMALE_MID_CUM = _table(FEMALE_MIDDLE)


def full_name(rng, male: bool) -> str:
    family = rng.choices(FAMILY, cum_weights=FAMILY_CUM)[0]
    if male:
        middle = rng.choices(MALE_MID, cum_weights=MALE_MID_CUM)[0]
        second, given = MALE_SECOND, MALE_GIVEN
    else:
        middle = rng.choices(FEMALE_MID, cum_weights=FEMALE_MID_CUM)[0]
        second, given = FEMALE_SECOND, FEMALE_GIVEN
    name = rng.choice(given)
    while name == middle:
        name = rng.choice(given)
    if rng.random() < 0.17:
        extra = rng.choice(second)
        if extra not in (middle, name):
            return f"{family} {middle} {extra} {name}"
    return f"{family} {middle} {name}"
