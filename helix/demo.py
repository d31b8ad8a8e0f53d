"""Demo data: realistic (fictional) Binh Duong organisations of all four sectors, people in
every role, and projects in every theme, district and stage, with consortium solutions,
threads, supports from every sector, follows and one open report. Loading it twice changes
nothing: every row is looked up before it is made (a project with all it holds), and
everything goes through the same services as the site.
"""

import io
import time
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import encrypt
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from api import services as api_services
from api.models import ApiKey, hash_secret
from core.choices import District
from evaluation import attachments as evaluation_attachments
from evaluation import followthrough
from evaluation import services as evaluation_services
from evaluation.models import Assignment, Milestone, ProjectResults, Rubric
from insights import tallies as insights_tallies
from matchmaking import services as matchmaking_services
from matchmaking.models import Approach, ProjectNeed, Resource
from notifications.models import Notification
from organisations import services
from organisations.models import Membership, MembershipRequest, Organisation, Role, Sector
from projects import services as project_services
from projects.models import ConsortiumPartner, Project, Solution, StatusChange, Vote

from . import demo_images

DEMO_PASSWORD = "helix-demo-2026"
# The demo officer's and admin's second factor (the admin opens only with one). Fixed so that
# the README can tell how to sign in: add the secret to an authenticator app, or print the
# current code with `manage.py demo_code`; the recovery codes follow from the seed. Demo data
# only: a real account's secret is made by allauth when its owner sets up the app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPHELIXDEMOSECRET2"
DEMO_RECOVERY_SEED = "68656c69782d64656d6f2d323032362d7265636f766572792d636f646573"


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


# --- Projects --------------------------------------------------------------------------------
# Citizens who comment and support, so that the breakdown by sector has a community to show.
RESIDENTS = [
    DemoUser("resident1@helix.local", "Trần Văn Bình", "vi", "citizen of Thuận An"),
    DemoUser("resident2@helix.local", "Lê Thị Hồng", "vi", "citizen of Dĩ An"),
    DemoUser("resident3@helix.local", "Nguyễn Thị Cúc", "vi", "citizen of Thuận An"),
    DemoUser("resident4@helix.local", "Phan Văn Đức", "vi", "citizen of Tân Uyên"),
    DemoUser("resident5@helix.local", "Huỳnh Thị Yến", "en", "citizen of Thủ Dầu Một"),
]

ICT = "Sở Thông tin và Truyền thông tỉnh Bình Dương"
THUAN_AN = "UBND thành phố Thuận An"
BAU_BANG = "Công ty CP Khu công nghiệp Bàu Bàng Xanh"
SONGFLOW = "SongFlow Technologies"
BDUT = "Trường Đại học Kỹ thuật Bình Dương"
INSTITUTE = "Viện Nghiên cứu Đô thị thông minh Đông Nam Bộ"
PHU_HOA = "Hội Cư dân phường Phú Hòa"


@dataclass(frozen=True)
class DemoComment:
    by: str
    body: str
    replies: tuple["DemoComment", ...] = ()
    report: tuple[str, str] | None = None  # (reporter, reason)
    hidden: str = ""  # the officer hides it with this reason


@dataclass(frozen=True)
class DemoSolution:
    by: str
    lead: str | None  # an organisation's name, or None for an individual
    title: str
    summary: str
    description: str
    cost: int
    months: int
    status: str = "submitted"
    partners: tuple[tuple[str, str, bool | None], ...] = ()  # (name, role, accepted or pending)
    supporters: tuple[str, ...] = ()
    comments: tuple[DemoComment, ...] = ()


@dataclass(frozen=True)
class DemoProject:
    organisation: str
    by: str
    title: str
    summary: str
    description: str
    theme: str
    district: str
    seeks: tuple[str, ...]
    status: str = "open"
    kind: str = "challenge"
    budget: int | None = None
    deadline: int | None = None  # days from the day the demo is loaded
    tags: tuple[str, ...] = ()
    solutions: tuple[DemoSolution, ...] = ()
    comments: tuple[DemoComment, ...] = ()
    supporters: tuple[str, ...] = ()
    followers: tuple[str, ...] = ()


CITIZEN = "citizen@helix.local"
OFFICER = "officer@helix.local"
DISTRICT = "district@helix.local"
OWNER = "owner@helix.local"
CEO = "ceo@helix.local"
MANAGER = "manager@helix.local"
MEMBER = "member@helix.local"
LAB = "lab@helix.local"
RESEARCH = "research@helix.local"
WARD = "ward@helix.local"
R1, R2, R3, R4, R5 = (spec.email for spec in RESIDENTS)

PROJECTS = [
    DemoProject(
        organisation=THUAN_AN,
        by=DISTRICT,
        title="Cảnh báo ngập sớm cho các tuyến đường trũng ở Thuận An",
        summary=(
            "Mỗi mùa mưa, đường Cầu Tàu, Phan Đình Giót và khu phố Bình Hòa ngập 30 đến 50 cm. "
            "Người dân cần được báo trước ít nhất 30 phút."
        ),
        description=(
            "Thành phố Thuận An có 14 điểm ngập thường xuyên khi mưa trên 50 mm trùng triều "
            "cường. Công nhân tan ca và học sinh thường không biết trước.\n\n"
            "**Chúng tôi tìm:**\n\n"
            "- cảm biến mực nước và lượng mưa tại các điểm ngập;\n"
            "- cảnh báo qua Zalo, SMS và bảng điện tử;\n"
            "- dữ liệu mở cho Trung tâm Điều hành thông minh (IOC) của tỉnh.\n\n"
            "Thuan An has 14 flooding hot spots when heavy rain meets high tide. We want "
            "residents and night-shift workers warned at least 30 minutes ahead, through Zalo, "
            "SMS and street signs, with open data for the provincial operations centre."
        ),
        theme="flooding-water",
        district=District.THUAN_AN,
        seeks=("enterprise", "academia", "community"),
        budget=4_800_000_000,
        deadline=45,
        tags=("flooding", "IoT", "early warning"),
        solutions=(
            DemoSolution(
                by=OWNER,
                lead=SONGFLOW,
                title="Mạng cảm biến SongFlow và dự báo ngập bằng AI",
                summary=(
                    "40 trạm đo mực nước, mô hình dự báo 60 phút do Đại học Kỹ thuật Bình "
                    "Dương huấn luyện, cảnh báo qua Zalo OA."
                ),
                description=(
                    "Trạm đo siêu âm chạy pin mặt trời đặt tại 14 điểm ngập và các cống chính; "
                    "dữ liệu mỗi phút về IOC. Phòng thí nghiệm dữ liệu của trường huấn luyện mô "
                    "hình dự báo từ 5 năm số liệu mưa và triều.\n\n"
                    "Forty solar-powered sensors, a 60-minute forecast trained by the "
                    "university's data lab, alerts on Zalo."
                ),
                cost=3_900_000_000,
                months=9,
                partners=(
                    (BDUT, "mô hình dự báo và phân tích dữ liệu", True),
                    (INSTITUTE, "đánh giá tác động xã hội", None),
                ),
                supporters=(CITIZEN, R1, R2, R3, WARD, LAB, CEO, OFFICER),
                comments=(
                    DemoComment(
                        R1,
                        "Trạm đo có chạy khi mất điện không?",
                        replies=(
                            DemoComment(
                                OWNER, "Có, mỗi trạm có pin mặt trời và pin dự phòng 72 giờ."
                            ),
                        ),
                    ),
                ),
            ),
            DemoSolution(
                by=R4,
                lead=None,
                title="Bản đồ ngập do người dân cùng cập nhật",
                summary=(
                    "Người dân chụp ảnh và báo mức nước qua Zalo; tình nguyện viên xác nhận; "
                    "bản đồ công khai cập nhật từng phút."
                ),
                description=(
                    "Không cần lắp thiết bị: mỗi khu phố có hai tình nguyện viên xác nhận tin "
                    "báo của bà con.\n\nA crowd-sourced flood map, checked by two volunteers "
                    "per neighbourhood."
                ),
                cost=150_000_000,
                months=4,
                supporters=(CITIZEN, R2, R5, WARD),
            ),
        ),
        comments=(
            DemoComment(
                CITIZEN,
                "Đường Cầu Tàu trước chợ Lái Thiêu ngập nặng nhất từ 17 đến 18 giờ, đúng giờ tan "
                "ca. Mong có cảnh báo sớm.",
                replies=(
                    DemoComment(
                        DISTRICT, "Cảm ơn anh, điểm này đã có trong danh sách 14 điểm ưu tiên."
                    ),
                    DemoComment(
                        OWNER, "SongFlow đã khảo sát khu này tháng trước; trạm đo đặt ở cống số 3."
                    ),
                ),
            ),
            DemoComment(
                R5,
                "Will the alerts also be in English for foreign workers in the industrial parks?",
                replies=(DemoComment(DISTRICT, "Có. Cảnh báo sẽ có tiếng Việt và tiếng Anh."),),
            ),
            DemoComment(
                R3,
                "Bán đất nền Thuận An giá rẻ, sổ hồng riêng, liên hệ 0909 000 000!",
                report=(CITIZEN, "Tin quảng cáo bất động sản, không liên quan."),
                hidden="Quảng cáo, không liên quan đến dự án.",
            ),
        ),
        supporters=(CITIZEN, R1, R2, R3, R4, R5, WARD, OWNER, CEO, MANAGER, LAB, RESEARCH, OFFICER),
        followers=(R1, R2, LAB),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Ứng dụng phản ánh hiện trường cho người dân",
        summary=(
            "Người dân chụp ảnh ổ gà, đèn đường hỏng, rác thải và gửi thẳng đến cơ quan phụ "
            "trách, rồi theo dõi việc xử lý đến khi xong."
        ),
        description=(
            "Hiện nay phản ánh đến qua nhiều kênh (tổng đài, Facebook, thư) và thường bị chuyển "
            "qua lại giữa các phòng ban. Chúng tôi cần một ứng dụng duy nhất, phân loại tự động "
            "và công khai thời gian xử lý.\n\n"
            "Citizens' reports (potholes, broken lights, rubbish) arrive through many channels "
            "and bounce between departments. We want one app that routes them automatically "
            "and publishes how long each takes to fix."
        ),
        theme="digital-government",
        district=District.PROVINCE_WIDE,
        seeks=("enterprise", "academia"),
        status="in_review",
        budget=2_000_000_000,
        deadline=-5,
        tags=("public services", "open data", "mobile"),
        solutions=(
            DemoSolution(
                by=LAB,
                lead=BDUT,
                title="Phân loại phản ánh tự động bằng học máy",
                summary=(
                    "Mô hình tiếng Việt đọc nội dung và ảnh, chuyển phản ánh đến đúng phòng ban "
                    "trong vài giây; bảng theo dõi công khai."
                ),
                description=(
                    "Huấn luyện trên 120.000 phản ánh đã xử lý của tỉnh (đã ẩn danh).\n\n"
                    "A Vietnamese language model routes each report to the right department."
                ),
                cost=1_600_000_000,
                months=8,
                status="shortlisted",
                partners=((SONGFLOW, "phát triển ứng dụng di động", True),),
                supporters=(CITIZEN, R2, DISTRICT, MEMBER),
            ),
            DemoSolution(
                by=RESEARCH,
                lead=INSTITUTE,
                title="Quy trình một cửa và bảng điều khiển công khai",
                summary=(
                    "Thiết kế lại quy trình tiếp nhận, cam kết thời gian xử lý theo loại phản "
                    "ánh, công bố kết quả từng phường."
                ),
                description=(
                    "Trước khi viết phần mềm, thống nhất quy trình giữa các sở và phường.\n\n"
                    "Agree the process between departments and wards before writing software."
                ),
                cost=1_200_000_000,
                months=6,
                supporters=(R4,),
            ),
        ),
        comments=(
            DemoComment(
                R2,
                "Nên cho người lớn tuổi gửi phản ánh mà không cần đăng nhập.",
                replies=(DemoComment(OFFICER, "Ý kiến hay, chúng tôi đưa vào tiêu chí đánh giá."),),
            ),
        ),
        supporters=(CITIZEN, R2, R4, DISTRICT, MEMBER, LAB),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Đèn tín hiệu thích ứng trên Đại lộ Bình Dương",
        summary=(
            "Đèn giao thông tự điều chỉnh theo lưu lượng xe để giảm kẹt xe giờ cao điểm "
            "tại các ngã tư lớn của Thủ Dầu Một."
        ),
        description=(
            "Vào giờ tan ca, hàng đợi tại ngã tư Sở Sao và Mũi Tàu kéo dài hơn 2 km. Chu kỳ đèn "
            "cố định không theo kịp lưu lượng.\n\n"
            "At shift change, queues at the So Sao and Mui Tau junctions exceed 2 km. We seek "
            "adaptive signal control tested in simulation before it goes on the street."
        ),
        theme="smart-mobility",
        district=District.THU_DAU_MOT,
        seeks=("enterprise", "academia"),
        budget=6_500_000_000,
        deadline=60,
        tags=("traffic", "simulation", "AI"),
        solutions=(
            DemoSolution(
                by=LAB,
                lead=BDUT,
                title="Điều khiển đèn theo lưu lượng, thử trước trên mô phỏng",
                summary=(
                    "Camera đếm xe và mô hình mô phỏng SUMO của phòng thí nghiệm giao thông; "
                    "triển khai thử tại 6 ngã tư."
                ),
                description=(
                    "Mỗi thay đổi chu kỳ đèn được thử trên mô phỏng trước khi áp dụng.\n\n"
                    "Every signal plan is tried in the traffic lab's simulation first."
                ),
                cost=5_800_000_000,
                months=12,
                partners=((INSTITUTE, "đánh giá phát thải và chính sách", True),),
                supporters=(MEMBER, MANAGER, R1, OFFICER),
            ),
        ),
        comments=(
            DemoComment(
                MANAGER,
                "Giờ tan ca 17 giờ ở ngã tư Sở Sao kẹt xe hơn 2 km, xe đưa đón công nhân "
                "mất thêm 40 phút.",
                replies=(
                    DemoComment(
                        LAB,
                        "Phòng mô phỏng đã có dữ liệu đếm xe tại ngã tư này; chúng tôi sẽ "
                        "công bố trên Helix.",
                    ),
                ),
            ),
            DemoComment(
                R4,
                "Làm đèn thông minh làm gì, tiền đó sửa đường còn hơn. Mấy dự án này chỉ để "
                "làm màu.",
                report=(MEMBER, "Nội dung công kích, không góp ý cụ thể."),
            ),
        ),
        supporters=(MEMBER, MANAGER, CEO, CITIZEN, R1, OFFICER, DISTRICT, RESEARCH),
    ),
    DemoProject(
        organisation=BAU_BANG,
        by=CEO,
        kind="initiative",
        title="Điện mặt trời áp mái và lưu trữ cho nhà xưởng KCN Bàu Bàng",
        summary=(
            "5 MWp điện mặt trời trên mái 12 nhà xưởng, kèm pin lưu trữ, để giảm điện lưới "
            "giờ cao điểm và phát thải."
        ),
        description=(
            "Khu công nghiệp tự đầu tư; cần đối tác nghiên cứu thiết kế hệ thống và theo dõi "
            "hiệu quả, và sở ngành kết nối dữ liệu năng lượng.\n\n"
            "The park invests itself; it seeks a research partner to design and monitor the "
            "system, and government partners to share the energy data."
        ),
        theme="energy",
        district=District.BAU_BANG,
        seeks=("academia", "government"),
        status="in_progress",
        budget=12_000_000_000,
        deadline=-30,
        tags=("solar", "storage", "industrial parks"),
        solutions=(
            DemoSolution(
                by=RESEARCH,
                lead=INSTITUTE,
                title="Thiết kế hệ thống 5 MWp, pin lưu trữ và giám sát năng lượng",
                summary="Thiết kế, giám sát 24 tháng và báo cáo giảm phát thải công khai.",
                description=(
                    "Viện thiết kế, trường đại học đo đạc và phân tích dữ liệu.\n\n"
                    "The institute designs; the university measures and analyses."
                ),
                cost=11_500_000_000,
                months=18,
                status="selected",
                partners=((BDUT, "đo đạc và phân tích dữ liệu", True),),
                supporters=(OFFICER, CEO, LAB),
            ),
        ),
        comments=(DemoComment(OFFICER, "Sở sẵn sàng kết nối dữ liệu sản lượng điện với IOC."),),
        supporters=(OFFICER, DISTRICT, RESEARCH, LAB, OWNER, R2),
    ),
    DemoProject(
        organisation=INSTITUTE,
        by=RESEARCH,
        kind="initiative",
        title="Đo chất lượng không khí quanh các trường học ở Dĩ An",
        summary=(
            "10 trạm đo bụi mịn PM2.5 cạnh trường học gần Quốc lộ 1K và các khu công nghiệp, "
            "dữ liệu mở cho phụ huynh."
        ),
        description=(
            "Viện đề xuất đo liên tục trong một năm để có bằng chứng cho các quyết định về "
            "giao thông và cây xanh quanh trường.\n\n"
            "A year of continuous PM2.5 measurement next to schools near Highway 1K, as "
            "evidence for traffic and greenery decisions."
        ),
        theme="environment",
        district=District.DI_AN,
        seeks=("government", "community", "enterprise"),
        budget=850_000_000,
        deadline=40,
        tags=("air quality", "schools", "open data"),
        solutions=(
            DemoSolution(
                by=OWNER,
                lead=SONGFLOW,
                title="Trạm đo PM2.5 giá rẻ, dữ liệu mở",
                summary="Trạm đo hiệu chuẩn với trạm chuẩn của tỉnh, dữ liệu mỗi 5 phút.",
                description=(
                    "Mỗi trạm dưới 15 triệu đồng.\n\nEach station costs under 15 million VND."
                ),
                cost=600_000_000,
                months=6,
                supporters=(R2, RESEARCH),
            ),
        ),
        comments=(
            DemoComment(
                R2,
                "Trường tiểu học Đông Hòa sát đường, giờ đón con bụi rất nhiều.",
                replies=(
                    DemoComment(
                        RESEARCH, "Cảm ơn chị, trường Đông Hòa sẽ là một trong 10 điểm đầu tiên."
                    ),
                ),
            ),
        ),
        supporters=(R2, CITIZEN, WARD, RESEARCH, LAB, DISTRICT),
        followers=(R2,),
    ),
    DemoProject(
        organisation=BDUT,
        by=LAB,
        kind="initiative",
        title="Kỹ năng số cho công nhân khu công nghiệp",
        summary=(
            "Khóa học ngắn trên điện thoại: dịch vụ công trực tuyến, ví điện tử an toàn, nhận "
            "diện lừa đảo qua mạng."
        ),
        description=(
            "Sinh viên tình nguyện hướng dẫn trực tiếp tại khu nhà trọ vào cuối tuần.\n\n"
            "Short lessons on the phone and weekend coaching by student volunteers: online "
            "public services, safe e-wallets, spotting scams."
        ),
        theme="education-skills",
        district=District.THU_DAU_MOT,
        seeks=("enterprise", "government"),
        budget=1_200_000_000,
        deadline=50,
        tags=("digital skills", "workers"),
        comments=(
            DemoComment(
                MEMBER,
                "Ca làm 12 tiếng, nên có bài học 15 phút xem được lúc nghỉ trưa.",
            ),
        ),
        supporters=(MEMBER, MANAGER, R1, OFFICER),
    ),
    DemoProject(
        organisation=THUAN_AN,
        by=DISTRICT,
        title="Đặt lịch khám tại trạm y tế phường qua điện thoại",
        summary="Người dân đặt giờ khám, nhận nhắc lịch tiêm chủng và không phải xếp hàng sớm.",
        description=(
            "Trạm y tế các phường đông người vào buổi sáng; nhiều người đến từ 5 giờ để lấy "
            "số.\n\nWard health stations are crowded each morning. We want appointments by "
            "phone or app, and vaccination reminders."
        ),
        theme="health",
        district=District.THUAN_AN,
        seeks=("enterprise", "community"),
        budget=700_000_000,
        deadline=35,
        tags=("health", "appointments"),
        comments=(
            DemoComment(
                R1,
                "Mẹ tôi 70 tuổi, không dùng được ứng dụng. Xin giữ cả đặt lịch qua tổng đài.",
                replies=(
                    DemoComment(
                        DISTRICT,
                        "Đúng vậy, tổng đài vẫn giữ; ứng dụng chỉ là thêm một cách.",
                        replies=(DemoComment(R1, "Cảm ơn anh."),),
                    ),
                ),
            ),
        ),
        supporters=(R1, R3, CITIZEN, WARD),
    ),
    DemoProject(
        organisation=SONGFLOW,
        by=OWNER,
        kind="initiative",
        title="Kết nối dữ liệu máy móc cho xưởng cơ khí nhỏ ở Bến Cát",
        summary=(
            "Bộ thu thập dữ liệu giá rẻ gắn vào máy cũ, để xưởng nhỏ biết máy nào đứng, máy "
            "nào sắp hỏng."
        ),
        description=(
            "Chúng tôi tìm 5 xưởng thí điểm và một nhóm nghiên cứu về bảo trì dự đoán.\n\n"
            "We look for five pilot workshops and a research group on predictive maintenance."
        ),
        theme="industry-innovation",
        district=District.BEN_CAT,
        seeks=("academia", "enterprise"),
        deadline=70,
        tags=("industry 4.0", "IoT", "SMEs"),
        supporters=(CEO, MANAGER, LAB),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Bản đồ quy hoạch mở cho người dân Tân Uyên",
        summary=(
            "Tra cứu quy hoạch, lộ giới và thửa đất trên điện thoại, không phải lên phường hỏi."
        ),
        description=(
            "Dữ liệu quy hoạch đã số hóa nhưng chưa công khai thuận tiện.\n\n"
            "The zoning data is digitised but hard to reach. We seek a public map that anyone "
            "can query by address or parcel."
        ),
        theme="urban-planning",
        district=District.TAN_UYEN,
        seeks=("academia", "community", "enterprise"),
        budget=1_500_000_000,
        deadline=55,
        tags=("GIS", "open data", "zoning"),
        comments=(
            DemoComment(
                R4,
                "Tôi muốn biết thửa đất của mình có nằm trong lộ giới không mà không phải "
                "xin giấy.",
                replies=(DemoComment(OFFICER, "Đây chính là mục tiêu của dự án."),),
            ),
        ),
        supporters=(CITIZEN, R4, RESEARCH, LAB),
    ),
    DemoProject(
        organisation=THUAN_AN,
        by=DISTRICT,
        title="Phát hiện cháy sớm ở khu nhà trọ công nhân",
        summary=(
            "Đầu báo khói kết nối cho các dãy trọ, báo cho chủ trọ, người thuê và đội "
            "phòng cháy cùng lúc."
        ),
        description=(
            "Nhiều dãy trọ dùng chung lối thoát hẹp; phát hiện sớm vài phút cứu được người.\n\n"
            "Connected smoke detectors for workers' boarding houses, alerting landlord, "
            "tenants and the fire brigade at once."
        ),
        theme="public-safety",
        district=District.THUAN_AN,
        seeks=("enterprise", "community"),
        budget=2_200_000_000,
        deadline=30,
        tags=("fire safety", "IoT"),
        solutions=(
            DemoSolution(
                by=OWNER,
                lead=SONGFLOW,
                title="Đầu báo khói kết nối và cảnh báo cho chủ trọ",
                summary="Thiết bị chạy pin 3 năm, cảnh báo qua Zalo và còi tại chỗ.",
                description="Lắp thử 200 phòng.\n\nA 200-room pilot.",
                cost=1_900_000_000,
                months=6,
                supporters=(R1, R3),
            ),
        ),
        supporters=(R1, R3, CITIZEN, WARD, OFFICER, OWNER),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Giám sát mực nước hồ Dầu Tiếng cho các xã hạ du",
        summary="Báo trước cho 6 xã hạ du mỗi lần hồ xả lũ, bằng tin nhắn và loa truyền thanh.",
        description=(
            "Trước đây thông báo xả lũ đến chậm qua công văn.\n\n"
            "Warn six downstream communes before each spillway release, by text message and "
            "village loudspeakers."
        ),
        theme="flooding-water",
        district=District.DAU_TIENG,
        seeks=("enterprise", "academia"),
        status="completed",
        budget=3_000_000_000,
        deadline=-200,
        tags=("flooding", "reservoir", "early warning"),
        solutions=(
            DemoSolution(
                by=OWNER,
                lead=SONGFLOW,
                title="Trạm đo mực nước và cảnh báo xả lũ cho 6 xã",
                summary="8 trạm đo, cảnh báo tự động khi mực nước vượt ngưỡng.",
                description="Đã vận hành một mùa mưa.\n\nRunning for one rainy season.",
                cost=2_700_000_000,
                months=10,
                status="selected",
                partners=((BDUT, "mô hình thủy văn", True),),
                supporters=(WARD, DISTRICT),
            ),
        ),
        comments=(
            DemoComment(
                WARD,
                "Mùa mưa năm nay bà con đã nhận tin nhắn trước khi hồ xả lũ. Cảm ơn các đơn vị.",
            ),
        ),
        supporters=(WARD, CITIZEN, R3, DISTRICT, LAB, OWNER, CEO),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Xe buýt điện nối ga Dĩ An với các khu công nghiệp",
        summary="Tuyến xe buýt điện theo giờ tan ca, nối ga Dĩ An, Sóng Thần và các khu nhà trọ.",
        description=(
            "Cần dữ liệu giờ ca của doanh nghiệp để thiết kế lịch chạy.\n\n"
            "Electric buses timed to shift changes, linking Di An station, the Song Than "
            "parks and workers' housing."
        ),
        theme="smart-mobility",
        district=District.DI_AN,
        seeks=("enterprise", "government", "academia"),
        budget=9_000_000_000,
        deadline=75,
        tags=("public transport", "electric"),
        supporters=(R2, MEMBER, MANAGER, CITIZEN),
    ),
    DemoProject(
        organisation=BAU_BANG,
        by=MANAGER,
        kind="initiative",
        title="Phân loại rác tại nguồn ở khu nhà trọ Bắc Tân Uyên",
        summary="Thùng phân loại, điểm đổi rác tái chế lấy quà và hướng dẫn bằng tranh.",
        description=(
            "Khu công nghiệp tài trợ thùng và xe thu gom; cần hội cư dân và nhà nghiên cứu.\n\n"
            "The park funds bins and collection; we need residents and researchers."
        ),
        theme="environment",
        district=District.BAC_TAN_UYEN,
        seeks=("community", "academia"),
        budget=400_000_000,
        deadline=45,
        tags=("waste", "recycling"),
        supporters=(WARD, R3, RESEARCH),
    ),
    DemoProject(
        organisation=THUAN_AN,
        by=DISTRICT,
        title="Số hóa sổ hộ tịch giấy của các phường",
        summary="Số hóa 40 năm sổ hộ tịch để cấp bản sao trích lục trực tuyến.",
        description=(
            "Đã hoàn thành cho 10 phường.\n\n"
            "Forty years of paper civil-status books, digitised so that copies can be issued "
            "online. Done in ten wards."
        ),
        theme="digital-government",
        district=District.THUAN_AN,
        seeks=("enterprise",),
        status="completed",
        budget=1_000_000_000,
        deadline=-120,
        tags=("digitisation", "public services"),
        solutions=(
            DemoSolution(
                by=LAB,
                lead=BDUT,
                title="Nhận dạng chữ viết tay trên sổ hộ tịch",
                summary="Mô hình đọc chữ viết tay tiếng Việt, cán bộ phường kiểm tra lại.",
                description="Độ chính xác 97%.\n\n97% accuracy, checked by ward staff.",
                cost=900_000_000,
                months=8,
                status="selected",
            ),
        ),
        supporters=(CITIZEN, R1, OFFICER),
    ),
    DemoProject(
        organisation=INSTITUTE,
        by=RESEARCH,
        kind="initiative",
        title="Phòng học STEM lưu động cho trường THCS ở Phú Giáo",
        summary="Một xe STEM đến 12 trường xa trung tâm, mỗi trường hai tuần mỗi học kỳ.",
        description=(
            "Cần doanh nghiệp tài trợ và kỹ sư tình nguyện.\n\n"
            "A mobile STEM lab for twelve rural secondary schools; we need sponsors and "
            "volunteer engineers."
        ),
        theme="education-skills",
        district=District.PHU_GIAO,
        seeks=("enterprise", "government"),
        status="in_review",
        budget=600_000_000,
        deadline=-5,
        tags=("STEM", "schools"),
        solutions=(
            DemoSolution(
                by=CEO,
                lead=BAU_BANG,
                title="Tài trợ xe STEM và kỹ sư tình nguyện",
                summary="Khu công nghiệp tài trợ xe và 10 kỹ sư dạy mỗi tháng một buổi.",
                description="Cam kết 3 năm.\n\nA three-year commitment.",
                cost=550_000_000,
                months=12,
                status="shortlisted",
                supporters=(LAB, R5),
            ),
        ),
        supporters=(LAB, OFFICER, CEO, R5),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Hồ sơ sức khỏe điện tử cho người cao tuổi ở Bến Cát",
        summary="Người cao tuổi và con cháu xem kết quả khám, đơn thuốc và lịch tái khám.",
        description=(
            "Nhiều cụ giữ hồ sơ giấy và quên lịch tái khám.\n\n"
            "Older residents and their families see test results, prescriptions and follow-up "
            "dates in one place."
        ),
        theme="health",
        district=District.BEN_CAT,
        seeks=("enterprise", "academia", "community"),
        budget=2_500_000_000,
        deadline=65,
        tags=("health", "older residents"),
        comments=(DemoComment(WARD, "Hội cư dân có thể giúp các cụ đăng ký tài khoản."),),
        supporters=(WARD, R3),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Đèn đường LED thông minh điều khiển từ xa",
        summary="Thay 20.000 đèn đường bằng LED điều chỉnh độ sáng và báo hỏng tự động.",
        description=(
            "Mục tiêu tiết kiệm 40% điện chiếu sáng công cộng.\n\n"
            "Replace 20,000 street lights with dimmable LEDs that report their own faults, "
            "saving 40% of public lighting power."
        ),
        theme="energy",
        district=District.PROVINCE_WIDE,
        seeks=("enterprise",),
        budget=15_000_000_000,
        deadline=90,
        tags=("street lighting", "energy efficiency"),
        supporters=(DISTRICT, CEO, OWNER, RESEARCH),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Kết nối camera an ninh của các phường về Trung tâm Điều hành thông minh",
        summary=(
            "Hình ảnh từ camera của các phường về IOC, để điều phối nhanh khi có tai nạn, "
            "cháy hoặc ngập."
        ),
        description=(
            "Bản nháp của Sở: chờ ý kiến của Công an tỉnh về quy định bảo vệ dữ liệu cá nhân "
            "trước khi đăng.\n\n"
            "A draft of the department: ward cameras feeding the operations centre, waiting "
            "for the provincial police's advice on personal data before it is published."
        ),
        theme="public-safety",
        district=District.THU_DAU_MOT,
        seeks=("enterprise", "academia"),
        status="draft",
        budget=5_000_000_000,
        deadline=90,
        tags=("IOC", "cameras", "personal data"),
    ),
    DemoProject(
        organisation=PHU_HOA,
        by=WARD,
        title="Lối qua đường an toàn trước trường tiểu học Phú Hòa",
        summary="Vạch qua đường, đèn cảnh báo và tình nguyện viên giờ tan trường.",
        description=(
            "Bản nháp của hội cư dân: hội cần được xác minh trước khi đăng.\n\n"
            "A draft by the residents' association, which must be verified before it can "
            "publish."
        ),
        theme="public-safety",
        district=District.THU_DAU_MOT,
        seeks=("government", "enterprise"),
        status="draft",
        deadline=60,
        tags=("road safety", "schools"),
    ),
    DemoProject(
        organisation=BDUT,
        by=LAB,
        kind="initiative",
        title="Phòng thí nghiệm robot dùng chung cho doanh nghiệp nhỏ",
        summary="Doanh nghiệp nhỏ thuê giờ máy, thử robot trước khi đầu tư.",
        description=(
            "Trường góp mặt bằng và giảng viên; cần doanh nghiệp góp thiết bị.\n\n"
            "Small firms rent time on robots before they invest; the university provides the "
            "space and staff."
        ),
        theme="industry-innovation",
        district=District.TAN_UYEN,
        seeks=("enterprise", "government"),
        budget=3_500_000_000,
        deadline=80,
        tags=("robotics", "SMEs"),
        supporters=(CEO, MANAGER, MEMBER, OWNER, OFFICER),
    ),
    DemoProject(
        organisation=ICT,
        by=OFFICER,
        title="Tìm chỗ đỗ xe quanh Trung tâm Hành chính tỉnh",
        summary="Cảm biến chỗ trống và bản đồ trên điện thoại cho người đến làm thủ tục.",
        description=(
            "Người dân mất trung bình 15 phút tìm chỗ đỗ.\n\n"
            "Visitors spend 15 minutes on average looking for a space. Sensors and a map on "
            "the phone."
        ),
        theme="smart-mobility",
        district=District.THU_DAU_MOT,
        seeks=("enterprise", "academia"),
        status="in_progress",
        budget=1_800_000_000,
        deadline=-60,
        tags=("parking", "IoT"),
        solutions=(
            DemoSolution(
                by=OWNER,
                lead=SONGFLOW,
                title="Cảm biến chỗ đỗ và bản đồ trên Zalo Mini App",
                summary="600 cảm biến, bản đồ chỗ trống cập nhật 30 giây một lần.",
                description="Triển khai theo 3 giai đoạn.\n\nRolled out in three phases.",
                cost=1_500_000_000,
                months=6,
                status="selected",
                partners=((BDUT, "phân tích dữ liệu đỗ xe", True),),
                supporters=(OFFICER, R5, LAB),
            ),
            DemoSolution(
                by=R5,
                lead=None,
                title="Đặt chỗ đỗ trước trên cổng dịch vụ công",
                summary="Khi đặt lịch làm thủ tục, đặt luôn chỗ đỗ xe.",
                description="Không cần cảm biến.\n\nNo sensors needed.",
                cost=300_000_000,
                months=3,
                status="not_selected",
            ),
        ),
        supporters=(OFFICER, DISTRICT, R5, CITIZEN, LAB),
    ),
    # Journey 5: a flooding challenge that no one has answered yet; matchmaking lists the lab,
    # a sensor company and the residents' association of the ward.
    DemoProject(
        organisation=THUAN_AN,
        by=DISTRICT,
        title="Bản đồ điểm ngập và trạm đo mưa cho khu phố Bình Hòa",
        summary=(
            "Lập bản đồ GIS các điểm ngập của khu phố Bình Hòa và lắp trạm đo mưa, mực nước "
            "để người dân biết trước khi đường ngập."
        ),
        description=(
            "Khu phố Bình Hòa ngập sau mỗi trận mưa lớn nhưng chưa có bản đồ điểm ngập hay "
            "số liệu đo mưa. Chúng tôi cần một nhóm trường đại học, doanh nghiệp cảm biến và "
            "cư dân cùng khảo sát, lắp cảm biến mực nước và công bố dữ liệu mở.\n\n"
            "Binh Hoa floods after every heavy rain, yet there is no map of its flooding spots "
            "and no rain gauge. We look for a university, a sensor company and the residents "
            "to survey the streets, install water-level sensors and publish open data."
        ),
        theme="flooding-water",
        district=District.THUAN_AN,
        seeks=("enterprise", "academia", "community"),
        budget=900_000_000,
        deadline=60,
        tags=("flooding", "GIS", "flood sensors", "local knowledge"),
        supporters=(R2, R4, CITIZEN),
    ),
]


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
    if spec.staff or spec.superuser:
        _demo_second_factor(user)
    return user


def _demo_second_factor(user: User) -> None:
    """The fixed authenticator app and recovery codes of a demo staff account (allauth.mfa)."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        defaults={"data": {"seed": encrypt(DEMO_RECOVERY_SEED), "used_mask": 0}},
    )


def demo_second_factor(email: str) -> tuple[str, list[str]] | None:
    """The code a demo staff account's authenticator app shows now, and its unused recovery
    codes; None for any other account."""
    if email not in {spec.email for spec in USERS if spec.staff or spec.superuser}:
        return None
    user = User.objects.filter(email=email).first()
    if user is None:
        return None
    recovery = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).first()
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
    return code, RecoveryCodes(recovery).get_unused_codes() if recovery else []


def _comment(subject, spec: DemoComment, people: dict[str, User], parent=None) -> None:
    comment = project_services.comment_create(
        subject=subject, by=people[spec.by], body=spec.body, parent=parent
    )
    if spec.report:
        reporter, reason = spec.report
        project_services.report_create(subject=comment, by=people[reporter], reason=reason)
    if spec.hidden:
        project_services.comment_hide(comment=comment, by=people[OFFICER], reason=spec.hidden)
    for reply in spec.replies:
        _comment(subject, reply, people, parent=comment)


# The decisions that lead a solution to its status, taken while the project is in review.
DECISIONS = {
    Solution.Status.SUBMITTED: [],
    Solution.Status.SHORTLISTED: [Solution.Status.SHORTLISTED],
    Solution.Status.SELECTED: [Solution.Status.SHORTLISTED, Solution.Status.SELECTED],
    Solution.Status.NOT_SELECTED: [Solution.Status.NOT_SELECTED],
}
LIFECYCLE = [
    Project.Status.OPEN,
    Project.Status.IN_REVIEW,
    Project.Status.IN_PROGRESS,
    Project.Status.COMPLETED,
]


def _solution(
    project: Project, spec: DemoSolution, people: dict[str, User], organisations: dict
) -> Solution:
    solution = project_services.solution_propose(
        project=project,
        by=people[spec.by],
        lead_organisation=organisations[spec.lead] if spec.lead else None,
        partners=[(organisations[name], role) for name, role, _answer in spec.partners],
        title=spec.title,
        summary=spec.summary,
        description=spec.description,
        estimated_cost_vnd=spec.cost,
        duration_months=spec.months,
    )
    answers = {name: answer for name, _role, answer in spec.partners}
    for partner in solution.partners.select_related("organisation"):
        answer = answers[partner.organisation.name]
        if answer is not None:
            owner = partner.organisation.memberships.get(role=Role.OWNER).user
            project_services.consortium_answer(
                partner=partner, accept=answer, by=people[owner.email]
            )
    for email in spec.supporters:
        project_services.vote_cast(subject=solution, by=people[email])
    for comment in spec.comments:
        _comment(solution, comment, people)
    return solution


def _project(spec: DemoProject, people: dict[str, User], organisations: dict) -> Project:
    """Draft, publish, gather solutions, talk and support, then move to its stage."""
    by = people[spec.by]
    today = timezone.localdate()
    deadline = today + timedelta(days=spec.deadline) if spec.deadline is not None else None
    project = project_services.project_create(
        by=by,
        organisation=organisations[spec.organisation],
        tags=spec.tags,
        kind=spec.kind,
        title=spec.title,
        summary=spec.summary,
        description=spec.description,
        theme=spec.theme,
        district=spec.district,
        cover=demo_images.theme_cover(spec.theme),
        cover_alt=demo_images.THEME_ALT[spec.theme],
        budget_vnd=spec.budget,
        # Solutions arrive before the deadline: a past one is set once they are in.
        deadline=deadline if deadline is None or deadline >= today else None,
        **{f"seeks_{sector}": True for sector in spec.seeks},
    )
    if spec.status == Project.Status.DRAFT:
        return project
    project = project_services.project_transition(project=project, to=Project.Status.OPEN, by=by)
    solutions = [(s, _solution(project, s, people, organisations)) for s in spec.solutions]
    for comment in spec.comments:
        _comment(project, comment, people)
    for email in spec.supporters:
        project_services.vote_cast(subject=project, by=people[email])
    for email in spec.followers:
        project_services.follow(project=project, by=people[email])
    for status in LIFECYCLE[1 : LIFECYCLE.index(spec.status) + 1]:
        project = project_services.project_transition(project=project, to=status, by=by)
        if status == Project.Status.IN_REVIEW:
            for solution_spec, solution in solutions:
                for decision in DECISIONS[solution_spec.status]:
                    project_services.solution_decide(solution=solution, to=decision, by=by)
    if deadline is not None and deadline < today:
        # Time passing is not an action anyone takes (nobody may set a past deadline): the
        # demo moves the date itself, once the solutions that came before it are in.
        Project.objects.filter(pk=project.pk).update(deadline=deadline)
    return project


def _spread_over_the_year(project: Project, days_ago: int) -> None:
    """Move a new demo project's history back in time, as if it had happened over the past
    months (the insights' charts show months): published `days_ago` days ago, solutions over
    the following weeks, partners answering two days after their invitation, supports a week
    after publication, each later step of the lifecycle a month after the one before, decisions
    three days after the review began. Never in the future."""
    now = timezone.now()

    def at(moment):
        return min(moment, now)

    start = now - timedelta(days=days_ago)
    Project.objects.filter(pk=project.pk).update(
        created=start, published_at=start if project.published_at else None
    )
    # The draft and its publication on the first day, each later step a month after the last.
    steps = [
        (change, start + timedelta(days=30 * max(index - 1, 0)))
        for index, change in enumerate(project.status_changes.order_by("at", "pk"))
    ]
    for change, moment in steps:
        StatusChange.objects.filter(pk=change.pk).update(at=at(moment))
    review = next((moment for c, moment in steps if c.to_status == "in_review"), None)
    Vote.objects.filter(project=project).update(created=at(start + timedelta(days=7)))
    for index, solution in enumerate(project.solutions.order_by("created", "pk")):
        proposed = at(start + timedelta(days=5 + 9 * index))
        Solution.objects.filter(pk=solution.pk).update(created=proposed)
        ConsortiumPartner.objects.filter(solution=solution).update(created=proposed)
        ConsortiumPartner.objects.filter(solution=solution, answered_at__isnull=False).update(
            answered_at=at(proposed + timedelta(days=2))
        )
        Vote.objects.filter(solution=solution).update(created=at(proposed + timedelta(days=3)))
        for change in solution.status_changes.all():
            moment = (
                proposed
                if change.to_status == "submitted" or review is None
                else max(proposed, review + timedelta(days=3))
            )
            StatusChange.objects.filter(pk=change.pk).update(at=at(moment))


def load_projects() -> None:
    # Fresh objects: the permission rules cache roles and permissions on each user.
    people = {user.email: user for user in User.objects.filter(email__endswith="@helix.local")}
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[s["name"] for s in ORGANISATIONS])
    }
    existing = set(Project.objects.values_list("title", flat=True))
    for index, spec in enumerate(PROJECTS):
        if spec.title not in existing:
            project = _project(spec, people, organisations)
            _spread_over_the_year(project, days_ago=16 * (len(PROJECTS) - index))


@transaction.atomic
def load_demo() -> list[DemoUser]:
    users = {spec.email: _user(spec) for spec in USERS + RESIDENTS}
    officer = users["officer@helix.local"]
    by_name = {}
    for spec in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=spec["name"]).first()
        if organisation is None:
            fields = {k: v for k, v in spec.items() if k not in ("owner", "verified")}
            organisation = services.organisation_register(
                by=users[spec["owner"]],
                logo=demo_images.organisation_logo(spec["name"], spec["sector"]),
                logo_alt=demo_images.logo_alt(spec["name"]),
                **fields,
            )
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
    load_projects()
    load_matchmaking(users, by_name, officer)
    load_evaluation(users)
    load_documents()
    load_followthrough(users)
    _demo_api_key(by_name[ORGANISATIONS[0]["name"]], officer)
    _demo_last_visits(users.values())
    # The history was moved back in time after the refreshes were queued: count it as it is.
    insights_tallies.rebuild()
    return USERS


def _demo_last_visits(users) -> None:
    """As if each demo person last opened My Helix three weeks ago: their first visit shows
    what changed since on what they follow and support (the comments, the latest solutions and
    steps). Only for those who never visited, so a second load changes nothing."""
    User.objects.filter(pk__in=[u.pk for u in users], home_visit_at=None).update(
        home_visit_at=timezone.now() - timedelta(days=21)
    )


def spread_notifications() -> None:
    """The demo happens in one sitting: spread what it told people over three days, so that the
    notification list shows its days (Today, Yesterday, a date). Run after load_demo's commit
    (the notifications are made then). Only notifications made in the last hour move, by their
    event's id, and by whole days: loading again moves none. With a real worker they may come
    later than this: they then all stay on today."""
    fresh = Notification.objects.filter(created__gte=timezone.now() - timedelta(hours=1))
    by_days: dict[int, list[int]] = {1: [], 2: []}
    for pk, event_id in fresh.values_list("pk", "event_id"):
        if event_id % 3:
            by_days[event_id % 3].append(pk)
    for days, pks in by_days.items():
        Notification.objects.filter(pk__in=pks).update(created=F("created") - timedelta(days=days))


# A read-write key of the Department of Information and Communications (it runs the IOC),
# fixed so that the README can show journey 4 with curl. Demo data only: real keys are random.
DEMO_API_KEY = "hx_demo0000ioc0_helix-demo-2026-operations-centre"


def _demo_api_key(organisation: Organisation, owner: User) -> None:
    lookup = DEMO_API_KEY.split("_")[1]
    if ApiKey.objects.filter(lookup=lookup).exists():
        return
    issued = api_services.api_key_create(
        organisation=organisation, name="IOC (demo)", scope=ApiKey.Scope.WRITE, by=owner
    )
    ApiKey.objects.filter(pk=issued.api_key.pk).update(
        lookup=lookup, hashed_key=hash_secret(DEMO_API_KEY)
    )


# --- Matchmaking (journey 5) -------------------------------------------------------------------
BINH_HOA = {
    "name": "Hội Cư dân khu phố Bình Hòa",
    "sector": Sector.COMMUNITY,
    "district": District.THUAN_AN,
    "website": "",
    "description": (
        "Cư dân khu phố Bình Hòa theo dõi các điểm ngập, báo tin cho nhau khi mưa lớn và "
        "giúp khảo sát đường phố.\n\nBinh Hoa residents: we watch the flooding spots, warn "
        "each other in heavy rain and help survey the streets."
    ),
    "expertise": ["local knowledge", "flooding", "community reporting"],
}
BINH_HOA_OWNER = "resident1@helix.local"

# Who wants to work with which sectors.
PROFILES = {
    BDUT: ("government", "community", "enterprise"),
    SONGFLOW: ("government", "academia"),
    BINH_HOA["name"]: ("government", "academia"),
}

# (organisation, its owner, offer or seek, kind, title, description, conditions, VND, districts)
RESOURCES = [
    (
        BDUT,
        LAB,
        "offer",
        "testbed",
        "Phòng thí nghiệm mô phỏng giao thông và thủy văn",
        "Mô phỏng dòng chảy, ngập và giao thông trước khi thí điểm ngoài đường.\n\n"
        "Simulate runoff, flooding and traffic before a street pilot.",
        "Hai tuần mỗi dự án, có giảng viên hướng dẫn.",
        None,
        ("province",),
    ),
    (
        BDUT,
        LAB,
        "offer",
        "staff",
        "Sinh viên thực tập khảo sát GIS",
        "Nhóm 4 đến 6 sinh viên khảo sát hiện trường và lập bản đồ GIS trong một học kỳ.\n\n"
        "A team of 4-6 students to survey and map in GIS for a semester.",
        "Theo lịch học kỳ.",
        None,
        ("thu-dau-mot", "thuan-an", "di-an"),
    ),
    (
        BDUT,
        LAB,
        "offer",
        "data",
        "Bộ dữ liệu lưu lượng giao thông các trục chính",
        "Đếm xe theo giờ trên Đại lộ Bình Dương và các trục nối khu công nghiệp.\n\n"
        "Hourly vehicle counts on Binh Duong Avenue and the roads to the industrial parks.",
        "",
        None,
        ("province",),
    ),
    (
        BDUT,
        LAB,
        "seek",
        "funding",
        "Kinh phí cho luận văn về đô thị thông minh",
        "Học bổng cho học viên cao học làm đề tài với chính quyền.\n\n"
        "Scholarships for master's students who work with the government.",
        "",
        200_000_000,
        (),
    ),
    (
        SONGFLOW,
        OWNER,
        "offer",
        "equipment",
        "Cảm biến mực nước cho thí điểm",
        "Cho mượn 10 cảm biến mực nước và cổng LoRa trong 6 tháng.\n\n"
        "Ten water-level sensors and a LoRa gateway on loan for six months.",
        "Dữ liệu thí điểm được công bố mở.",
        250_000_000,
        ("thuan-an", "thu-dau-mot", "di-an"),
    ),
    (
        BINH_HOA["name"],
        BINH_HOA_OWNER,
        "offer",
        "mentoring",
        "Cư dân dẫn đường khảo sát điểm ngập",
        "Cư dân chỉ các điểm ngập và mốc nước của những trận mưa trước.\n\n"
        "Residents show the flooding spots and past water marks.",
        "Buổi tối hoặc cuối tuần.",
        None,
        ("thuan-an",),
    ),
]

# (project title, kind, what it lacks)
NEEDS = [
    ("Bản đồ điểm ngập và trạm đo mưa cho khu phố Bình Hòa", "equipment",
     "Cảm biến mực nước và trạm đo mưa"),
    ("Bản đồ điểm ngập và trạm đo mưa cho khu phố Bình Hòa", "staff",
     "Nhóm khảo sát và lập bản đồ GIS"),
    ("Bản đồ điểm ngập và trạm đo mưa cho khu phố Bình Hòa", "mentoring",
     "Người dân am hiểu các điểm ngập"),
    ("Bản đồ quy hoạch mở cho người dân Tân Uyên", "staff", "Nhóm số hóa bản đồ GIS"),
    ("Xe buýt điện nối ga Dĩ An với các khu công nghiệp", "data",
     "Dữ liệu lưu lượng và giờ tan ca"),
    ("Đèn đường LED thông minh điều khiển từ xa", "testbed", "Tuyến đường thử nghiệm"),
]  # fmt: skip


def load_matchmaking(users: dict[str, User], by_name: dict, officer: User) -> None:
    """Journey 5: capability profiles, offers and needs, then every match computed."""
    association = Organisation.objects.filter(name=BINH_HOA["name"]).first()
    if association is None:
        association = services.organisation_register(by=users[BINH_HOA_OWNER], **BINH_HOA)
    if not association.is_verified:
        services.organisation_verify(organisation=association, by=officer)
    organisations = {**by_name, BINH_HOA["name"]: association}
    owners = {BDUT: LAB, SONGFLOW: OWNER, BINH_HOA["name"]: BINH_HOA_OWNER}
    for name, sectors in PROFILES.items():
        matchmaking_services.capability_profile_update(
            organisation=organisations[name], by=users[owners[name]], sectors=list(sectors)
        )
    for name, email, direction, kind, title, description, conditions, value, districts in RESOURCES:
        organisation = organisations[name]
        if not Resource.objects.filter(organisation=organisation, title=title).exists():
            matchmaking_services.resource_create(
                organisation=organisation,
                by=users[email],
                direction=direction,
                kind=kind,
                title=title,
                description=description,
                conditions=conditions,
                value_vnd=value,
                districts=list(districts),
            )
    projects = {p.title: p for p in Project.objects.select_related("organisation")}
    for project_title, kind, title in NEEDS:
        project = projects[project_title]
        if not ProjectNeed.objects.filter(project=project, title=title).exists():
            manager = project.organisation.memberships.get(role=Role.OWNER).user
            matchmaking_services.need_create(project=project, by=manager, kind=kind, title=title)
    matchmaking_services.matches_refresh_all()
    load_approaches(users, organisations, projects)


# --- Journey 6: an evaluation with a rubric, three reviewers from three sectors -------------

EVALUATED = "Ứng dụng phản ánh hiện trường cho người dân"
CRITERIA = [
    ("Tác động cho người dân", "Impact for residents: how many reports, how much faster.", 3, 5),
    ("Khả thi kỹ thuật", "Technical feasibility within the budget and the time.", 2, 5),
    ("Chi phí hợp lý", "Value for money (10 is best).", 1, 10),
]
# reviewer: (declaration per solution title: None = no conflict), scores per solution title
REVIEWS = {
    "ceo@helix.local": {  # enterprise
        "Phân loại phản ánh tự động bằng học máy": (None, (5, 4, 7), "Rõ ràng, có số liệu."),
        "Quy trình một cửa và bảng điều khiển công khai": (None, (3, 4, 8), "Rẻ nhưng chậm."),
    },
    "ward@helix.local": {  # community
        "Phân loại phản ánh tự động bằng học máy": (
            ("collaboration", "Hội cư dân đã thử bản mẫu cùng sinh viên của trường năm 2025."),
            (4, 3, 6),
            "Người cao tuổi cần gửi được mà không cần đăng nhập.",
        ),
        "Quy trình một cửa và bảng điều khiển công khai": (None, (5, 5, 9), "Công khai kết quả."),
    },
    # academia: barred automatically from her own institute's solution
    "research@helix.local": {
        "Phân loại phản ánh tự động bằng học máy": (None, (4, 5, 6), "Mô hình đã kiểm chứng."),
    },
}
RATIONALES = {
    "Phân loại phản ánh tự động bằng học máy": (
        "selected",
        "Điểm cao nhất về tác động (4,3/5) và khả thi; ba người đánh giá từ ba khối đồng thuận. "
        "Yêu cầu: cho phép gửi phản ánh không cần đăng nhập.",
    ),
    "Quy trình một cửa và bảng điều khiển công khai": (
        "not_selected",
        "Quy trình tốt nhưng chưa có phần mềm; Sở đề nghị Viện tham gia với vai trò tư vấn.",
    ),
}


def load_evaluation(users: dict[str, User]) -> None:
    """Journey 6: the department's rubric, reviewers from three sectors (one barred from her own
    institute's solution, one declaring a collaboration the team allows), their scores, a
    selected solution and a not selected one with their rationales, the results published."""
    project = Project.objects.select_related("organisation").filter(title=EVALUATED).first()
    if project is None or Rubric.objects.filter(project=project).exists():
        return
    officer = users["officer@helix.local"]
    rubric = evaluation_services.rubric_save(
        project=project, by=officer, closes_on=timezone.localdate() + timedelta(days=14)
    )
    for title, description, weight, scale in CRITERIA:
        evaluation_services.criterion_add(
            rubric=rubric,
            by=officer,
            title=title,
            description=description,
            weight=weight,
            scale=scale,
        )
    criteria = list(rubric.criteria.all())
    for email in REVIEWS:
        evaluation_services.reviewer_invite(rubric=rubric, email=email, by=officer)
    for email, reviews in REVIEWS.items():
        reviewer = users[email]
        for assignment in Assignment.objects.filter(
            reviewer__user=reviewer, reviewer__rubric=rubric
        ).select_related("solution"):
            if assignment.status == Assignment.Status.BARRED:
                continue
            conflict, values, comment = reviews[assignment.solution.title]
            relationship, details = conflict or ("none", "")
            declaration = evaluation_services.declaration_make(
                assignment=assignment, by=reviewer, relationship=relationship, details=details
            )
            if conflict:
                evaluation_services.declaration_decide(
                    declaration=declaration, allow=True, by=officer
                )
            evaluation_services.scores_save(
                assignment=assignment,
                by=reviewer,
                scores={
                    c.pk: (v, comment if n == 0 else "")
                    for n, (c, v) in enumerate(zip(criteria, values, strict=True))
                },
            )
            evaluation_services.assignment_submit(assignment=assignment, by=reviewer)
    for solution in project.solutions.all():
        to, rationale = RATIONALES[solution.title]
        solution.project = project
        evaluation_services.decision_record(
            solution=solution, to=to, rationale=rationale, by=officer
        )
    evaluation_services.results_publish(rubric=rubric, by=officer)


# --- Documents with each visibility (issue 15, §2) --------------------------------------------


def _demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF drawn by Pillow (a picture of the text: enough for a demo)."""
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.text((48, 48), title, fill="black")
    for n, line in enumerate(lines):
        draw.text((48, 96 + 24 * n), line, fill="black")
    buffer = io.BytesIO()
    page.save(buffer, format="PDF")
    return buffer.getvalue()


def _demo_png() -> bytes:
    """A small diagram: three boxes joined by lines."""
    image = Image.new("RGB", (360, 120), "white")
    draw = ImageDraw.Draw(image)
    for n, colour in enumerate(("#1b5e20", "#0d47a1", "#b71c1c")):
        draw.rectangle((20 + 120 * n, 30, 100 + 120 * n, 90), outline=colour, width=4)
        if n:
            draw.line((100 + 120 * (n - 1), 60, 20 + 120 * n, 60), fill="black", width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def load_documents() -> None:
    """A public terms of reference on the evaluated project; on its selected solution a public
    diagram, a budget for the consortium only, a technical annex the assigned reviewers read
    too, and a cost breakdown shown to the reviewers."""
    project = Project.objects.select_related("organisation").filter(title=EVALUATED).first()
    if project is None or project.attachments.exists():
        return
    officer = User.objects.get(email="officer@helix.local")
    solution = project.solutions.select_related("lead_user", "lead_organisation").get(
        title="Phân loại phản ánh tự động bằng học máy"
    )
    lead = solution.lead_user
    files = [
        (
            project,
            officer,
            "Dieu-khoan-tham-chieu.pdf",
            "public",
            _demo_pdf("Terms of reference", ["Reports from residents, sorted within the hour."]),
        ),
        (solution, lead, "So-do-he-thong.png", "public", _demo_png()),
        (
            solution,
            lead,
            "Du-toan-chi-tiet.pdf",
            "consortium",
            _demo_pdf("Detailed budget (confidential)", ["Model training: 240,000,000 VND"]),
        ),
        (
            solution,
            lead,
            "Phu-luc-ky-thuat.pdf",
            "reviewers",
            _demo_pdf("Technical annex", ["Precision 0.91 on 12,000 labelled reports"]),
        ),
    ]
    for subject, by, name, visibility, data in files:
        evaluation_attachments.attachment_add(
            subject=subject,
            upload=SimpleUploadedFile(name, data),
            visibility=visibility,
            by=by,
        )
    evaluation_attachments.cost_breakdown_save(
        solution=solution,
        text="Huấn luyện mô hình: 240.000.000 ₫\nTích hợp với cổng 1022: 180.000.000 ₫\n"
        "Vận hành năm đầu: 120.000.000 ₫",
        visibility="reviewers",
        by=lead,
    )


# --- Journey 7: after the decision, milestones, updates and results ------------------------

IN_PROGRESS = "Tìm chỗ đỗ xe quanh Trung tâm Hành chính tỉnh"
MILESTONES = [
    # title, description, days from today, status, progress
    ("Giai đoạn 1: 200 cảm biến quanh Trung tâm", "Phase 1: 200 sensors.", -40, "done", 100),
    (
        "Giai đoạn 2: bản đồ trên Zalo Mini App",
        "Phase 2: the map in the app.",
        -5,
        "in_progress",
        70,
    ),
    ("Giai đoạn 3: mở rộng 600 cảm biến", "Phase 3: 600 sensors in all.", 45, "planned", 0),
]
UPDATES = [
    (
        "Đã lắp xong 200 cảm biến đầu tiên",
        "Giai đoạn 1 hoàn thành đúng hạn: **200 cảm biến** hoạt động quanh Trung tâm Hành chính."
        "\n\nPhase 1 is done on time: 200 sensors are live.",
    ),
    (
        "Bản đồ chỗ trống đang thử nghiệm",
        "Người dân thử bản đồ trên Zalo Mini App; góp ý xin gửi ở phần bình luận.\n\n"
        "Residents are trying the map; comments welcome.",
    ),
]
COMPLETED = "Giám sát mực nước hồ Dầu Tiếng cho các xã hạ du"


def load_followthrough(users: dict[str, User]) -> None:
    """Journey 7: the selected consortium keeps the milestones of a project in progress and
    posts two updates; a completed project shows its results (budget used against announced)."""
    officer = users["officer@helix.local"]
    lead = users[OWNER]
    project = Project.objects.select_related("organisation").filter(title=IN_PROGRESS).first()
    if project is not None and not Milestone.objects.filter(project=project).exists():
        today = timezone.localdate()
        for title, description, days, status, progress in MILESTONES:
            followthrough.milestone_create(
                project=project,
                by=lead,
                title=title,
                description=description,
                due_on=today + timedelta(days=days),
                status=status,
                progress=progress,
            )
        for title, body in UPDATES:
            followthrough.update_post(project=project, by=lead, title=title, body=body)
    project = Project.objects.select_related("organisation").filter(title=COMPLETED).first()
    if project is not None and not ProjectResults.objects.filter(project=project).exists():
        followthrough.results_record(
            project=project,
            by=officer,
            delivered=(
                "8 trạm đo mực nước và cảnh báo tự động cho **6 xã** hạ du, vận hành trọn một "
                "mùa mưa.\n\nEight gauges and automatic warnings for six communes, running for "
                "a whole rainy season."
            ),
            budget_used_vnd=2_650_000_000,
            lessons=(
                "Loa truyền thanh thôn vẫn cần thiết cho người cao tuổi.\n\n"
                "Village loudspeakers are still needed for older residents."
            ),
            solutions=list(followthrough.results_solution_choices(project)),
        )


FLOOD_MAP = "Bản đồ điểm ngập và trạm đo mưa cho khu phố Bình Hòa"


def load_approaches(users: dict[str, User], organisations: dict, projects: dict) -> None:
    """Acting on the matches: the sensor company's interest in the flooding project, pledging
    its sensors, accepted (a resource committed); the residents invited, waiting; the lab
    invited to map Tan Uyen, waiting (it can also express interest in the flooding project)."""
    flood_map = projects[FLOOD_MAP]
    songflow, association = organisations[SONGFLOW], organisations[BINH_HOA["name"]]
    pairs = set(Approach.objects.values_list("project_id", "organisation_id"))
    if (flood_map.pk, songflow.pk) not in pairs:
        sensors = Resource.objects.get(organisation=songflow, kind="equipment")
        interest = matchmaking_services.interest_express(
            organisation=songflow,
            project=flood_map,
            by=users[OWNER],
            pledge=sensors,
            message=(
                "Chúng tôi cho mượn 10 cảm biến mực nước và cổng LoRa cho 6 tháng thí điểm.\n\n"
                "We lend ten water-level sensors and a gateway for the six-month pilot."
            ),
        )
        matchmaking_services.approach_answer(
            approach=interest,
            accept=True,
            by=users[DISTRICT],
            message="Cảm ơn! Chúng ta gặp nhau tại UBND phường tuần sau. / Thank you!",
        )
    if (flood_map.pk, association.pk) not in pairs:
        matchmaking_services.invitation_send(
            project=flood_map,
            organisation=association,
            by=users[DISTRICT],
            message=(
                "Mời Hội cư dân cùng đề xuất cách khảo sát các điểm ngập của khu phố.\n\n"
                "Would the residents propose how to survey the ward's flooding spots?"
            ),
        )
    tan_uyen = projects.get("Bản đồ quy hoạch mở cho người dân Tân Uyên")
    lab = organisations[BDUT]
    if tan_uyen is not None and (tan_uyen.pk, lab.pk) not in pairs:
        inviter = tan_uyen.organisation.memberships.get(role=Role.OWNER).user
        matchmaking_services.invitation_send(
            project=tan_uyen,
            organisation=lab,
            by=inviter,
            message="Your GIS students could digitise the zoning maps with us.",
        )
