"""The demo logins: one per role, each tied to a person of the demo province."""

from dataclasses import dataclass

from neuguong.core.access import Role


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str | None  # the RoleAssignment it holds; None for a plain member
    label: str  # the role, in Vietnamese
    can: str  # what it can do, in Vietnamese
    superuser: bool = False


DEMO_LOGINS = [
    DemoLogin(
        "dangvien", None, "Đảng viên", "xem hồ sơ của mình, đơn vị công tác và chi bộ của mình"
    ),
    DemoLogin(
        "bithu",
        Role.SECRETARY,
        "Bí thư chi bộ",
        "xem chi bộ mình phụ trách và đảng viên trong chi bộ",
    ),
    DemoLogin(
        "thutruong",
        Role.UNIT_HEAD,
        "Thủ trưởng đơn vị (Bí thư Đảng ủy xã, phường)",
        "xem toàn bộ đơn vị và cán bộ, đảng viên thuộc đảng ủy mình",
    ),
    DemoLogin(
        "giamsat",
        Role.SUPERVISOR,
        "Ủy viên Ban Thường vụ phụ trách",
        "xem các đơn vị thuộc lĩnh vực Giáo dục, Y tế và một địa bàn được phân công",
    ),
    DemoLogin(
        "bantochuc",
        Role.ORG_OFFICER,
        "Cán bộ Ban Tổ chức Tỉnh ủy",
        "xem và cập nhật cây tổ chức, cán bộ, chức vụ toàn tỉnh; xem nhật ký",
    ),
    DemoLogin(
        "kiemtra",
        Role.INSPECTION,
        "Cán bộ Ủy ban Kiểm tra Tỉnh ủy",
        "xem đơn vị và cán bộ, đảng viên toàn tỉnh",
    ),
    DemoLogin(
        "tuyengiao",
        Role.PROPAGANDA,
        "Cán bộ Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "quản lý chương trình, chuyên đề năm và thư viện văn bản; phê duyệt chuẩn mực đạo đức "
        "của các đơn vị trực thuộc Tỉnh ủy; chọn chuẩn mực tiêu biểu; xem tình hình toàn tỉnh",
    ),
    DemoLogin(
        "quantri",
        Role.ADMIN,
        "Quản trị hệ thống",
        "toàn quyền: cấu hình, phân quyền, trang quản trị /admin/",
        superuser=True,
    ),
]
