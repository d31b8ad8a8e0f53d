"""Demo data: realistic (fictional) Binh Duong organisations of all four sectors, and people
in every role. Loading it twice changes nothing: every row is looked up before it is made, and
everything goes through the same services as the site.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from helix.choices import District
from organisations import services
from organisations.models import Membership, MembershipRequest, Organisation, Role, Sector

DEMO_PASSWORD = "helix-demo-2026"


@dataclass(frozen=True)
class DemoUser:
    email: str
    display_name: str
    language: str
    what: str
    staff: bool = False
    superuser: bool = False


USERS = [
    DemoUser(
        "admin@helix.local", "Quản trị Helix", "vi", "superuser (technical admin)", superuser=True
    ),
    DemoUser(
        "officer@helix.local",
        "Trần Thị Mai",
        "vi",
        "government officer (staff desk), owner of the provincial ICT department",
        staff=True,
    ),
    DemoUser("citizen@helix.local", "Nguyễn Văn An", "vi", "citizen, no organisation"),
    DemoUser("owner@helix.local", "Lê Minh Tuấn", "en", "enterprise owner (SongFlow Technologies)"),
    DemoUser(
        "ceo@helix.local", "Trương Quang Vinh", "vi", "owner of Bau Bang Green Industrial Park"
    ),
    DemoUser(
        "manager@helix.local", "Phạm Thu Hà", "vi", "manager at Bau Bang Green Industrial Park"
    ),
    DemoUser("member@helix.local", "Võ Quốc Bảo", "vi", "member at Bau Bang Green Industrial Park"),
    DemoUser(
        "lab@helix.local",
        "TS. Hoàng Ngọc Lan",
        "en",
        "owner of Binh Duong University of Technology",
    ),
    DemoUser(
        "ward@helix.local", "Đặng Văn Hùng", "vi", "chair of the Phu Hoa residents' association"
    ),
    DemoUser(
        "district@helix.local", "Bùi Thanh Sơn", "vi", "owner of Thuan An City People's Committee"
    ),
    DemoUser(
        "research@helix.local",
        "Ngô Thị Thảo",
        "en",
        "owner of the Southeast Smart Urban Research Institute",
    ),
]

ORGANISATIONS = [
    {
        "name": "Sở Thông tin và Truyền thông tỉnh Bình Dương",
        "sector": Sector.GOVERNMENT,
        "district": District.THU_DAU_MOT,
        "website": "https://example.org/stttt",
        "description": (
            "Cơ quan chuyên môn phụ trách chuyển đổi số, dữ liệu mở và Trung tâm Điều hành "
            "thông minh (IOC) của tỉnh.\n\nThe provincial Department of Information and "
            "Communications: digital transformation, open data and the Intelligent Operations "
            "Centre."
        ),
        "expertise": ["digital government", "open data", "IOC", "cybersecurity"],
        "owner": "officer@helix.local",
        "verified": True,
    },
    {
        "name": "UBND thành phố Thuận An",
        "sector": Sector.GOVERNMENT,
        "district": District.THUAN_AN,
        "website": "",
        "description": (
            "Ủy ban nhân dân thành phố Thuận An: chống ngập đô thị, giao thông và dịch vụ "
            "công trực tuyến cho người dân.\n\nThuan An City People's Committee: urban "
            "flooding, traffic and online public services."
        ),
        "expertise": ["flood management", "urban planning", "public services"],
        "owner": "district@helix.local",
        "verified": True,
    },
    {
        "name": "Công ty CP Khu công nghiệp Bàu Bàng Xanh",
        "sector": Sector.ENTERPRISE,
        "district": District.BAU_BANG,
        "website": "https://example.com/baubangxanh",
        "description": (
            "Nhà phát triển khu công nghiệp sinh thái: điện mặt trời áp mái, xử lý nước "
            "thải, logistics.\n\nBau Bang Green Industrial Park JSC: eco-industrial parks, "
            "rooftop solar, wastewater treatment, logistics."
        ),
        "expertise": ["industrial parks", "renewable energy", "logistics", "wastewater"],
        "owner": "ceo@helix.local",
        "verified": True,
    },
    {
        "name": "SongFlow Technologies",
        "sector": Sector.ENTERPRISE,
        "district": District.THU_DAU_MOT,
        "website": "https://example.com/songflow",
        "description": (
            "Start-up IoT: cảm biến mực nước, cảnh báo ngập theo thời gian thực, AI dự báo."
            "\n\nIoT start-up: water-level sensors, real-time flood alerts, AI forecasting."
        ),
        "expertise": ["flood sensors", "IoT", "machine learning", "mobile apps"],
        "owner": "owner@helix.local",
        "verified": True,
    },
    {
        "name": "Trường Đại học Kỹ thuật Bình Dương",
        "sector": Sector.ACADEMIA,
        "district": District.THU_DAU_MOT,
        "website": "https://example.edu/bdut",
        "description": (
            "Đại học đào tạo kỹ thuật, khoa học dữ liệu và quy hoạch đô thị; phòng thí "
            "nghiệm mô phỏng giao thông.\n\nBinh Duong University of Technology: engineering, "
            "data science and urban planning; a traffic simulation lab."
        ),
        "expertise": ["data science", "traffic modelling", "civil engineering", "GIS"],
        "owner": "lab@helix.local",
        "verified": True,
    },
    {
        "name": "Viện Nghiên cứu Đô thị thông minh Đông Nam Bộ",
        "sector": Sector.ACADEMIA,
        "district": District.DI_AN,
        "website": "",
        "description": (
            "Viện nghiên cứu năng lượng, môi trường và chính sách đô thị thông minh.\n\n"
            "Southeast Smart Urban Research Institute: energy, environment and smart-city "
            "policy research."
        ),
        "expertise": ["energy efficiency", "air quality", "policy research"],
        "owner": "research@helix.local",
        "verified": True,
    },
    {
        "name": "Hội Cư dân phường Phú Hòa",
        "sector": Sector.COMMUNITY,
        "district": District.THU_DAU_MOT,
        "website": "",
        "description": (
            "Hội cư dân phản ánh ngập nước, an toàn giao thông quanh trường học và nhu cầu "
            "của người cao tuổi.\n\nPhu Hoa residents' association: flooding, road safety "
            "near schools and the needs of older residents."
        ),
        "expertise": ["local knowledge", "older residents", "road safety"],
        "owner": "ward@helix.local",
        "verified": False,
    },
]

MEMBERS = [
    ("Công ty CP Khu công nghiệp Bàu Bàng Xanh", "manager@helix.local", Role.MANAGER),
    ("Công ty CP Khu công nghiệp Bàu Bàng Xanh", "member@helix.local", Role.MEMBER),
]

PENDING_REQUESTS = [("Hội Cư dân phường Phú Hòa", "citizen@helix.local", "Tôi sống ở Phú Hòa.")]


def _user(spec: DemoUser) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User.objects.create_user(
            email=spec.email,
            password=DEMO_PASSWORD,
            display_name=spec.display_name,
            preferred_language=spec.language,
            is_staff=spec.staff or spec.superuser,
            is_superuser=spec.superuser,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=spec.email, defaults={"verified": True, "primary": True}
    )
    if spec.staff:
        user.groups.add(Group.objects.get(name="Government staff"))
    return user


@transaction.atomic
def load_demo() -> list[DemoUser]:
    users = {spec.email: _user(spec) for spec in USERS}
    officer = users["officer@helix.local"]
    by_name = {}
    for spec in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=spec["name"]).first()
        if organisation is None:
            fields = {k: v for k, v in spec.items() if k not in ("owner", "verified")}
            organisation = services.organisation_register(by=users[spec["owner"]], **fields)
        if spec["verified"] and not organisation.is_verified:
            services.organisation_verify(organisation=organisation, by=officer)
        by_name[spec["name"]] = organisation
    for name, email, role in MEMBERS:
        organisation, user = by_name[name], users[email]
        if not Membership.objects.filter(organisation=organisation, user=user).exists():
            request = services.membership_request_create(organisation=organisation, user=user)
            owner = organisation.memberships.get(role=Role.OWNER).user
            membership = services.membership_request_approve(membership_request=request, by=owner)
            if role != Role.MEMBER:
                services.membership_change_role(membership=membership, role=role, by=owner)
    for name, email, message in PENDING_REQUESTS:
        organisation, user = by_name[name], users[email]
        if not MembershipRequest.objects.filter(organisation=organisation, user=user).exists():
            services.membership_request_create(
                organisation=organisation, user=user, message=message
            )
    return USERS
