"""The default texts of the standard letters, seeded as version 1 of every template (effective with the 2019
revision of the 条例, 2019-05-15) by migration ``0002_seed_templates``.

Each body is Django template language over the variables listed in ``gongkai.letters.context.VARIABLES``;
every non-empty line of the rendered body becomes one paragraph. The addressee line (称谓), the title, the
文号 and the 落款 are laid out by the renderers, not written here.

The migration imports this module, so these texts are what a new database starts with. Once a deployment
has issued letters, change a default by adding a version (the template edit page, or a new data migration),
never by editing version 1 in place.
"""

import datetime as dt

EFFECTIVE_FROM = dt.date(2019, 5, 15)

REGULATION = "《中华人民共和国政府信息公开条例》"

# Shared fragments. The remedy clause names no review body or court: which one is competent depends on the
# body and on local rules, so it says 依法 and leaves the choice to the law.
OPENING = (
    "本机关于{{ received_on }}收到{{ you }}提出的政府信息公开申请（受理编号：{{ tracking_no }}），"
    "{{ you }}申请公开的政府信息为：“{{ content }}”。"
)
OPENING_REPLY = OPENING + "经审查，现答复如下："
OPENING_THIRD = (
    "本机关于{{ received_on }}收到政府信息公开申请（受理编号：{{ tracking_no }}），"
    "申请人申请公开的政府信息为：“{{ content }}”。"
)
REASON = "{% if reason %}理由：{{ reason }}{% endif %}"
PROVIDED_NOTE = "{% if provided %}{{ provided }}{% endif %}"
REMEDY = (
    "如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)
CLOSING = "特此告知。"


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _reply(decision: str, *extra: str, reason: bool = True) -> str:
    return _lines(OPENING_REPLY, decision, *extra, *([REASON] if reason else []), PROVIDED_NOTE, REMEDY,
                  CLOSING)


DEFAULT_TEMPLATES: list[dict] = [
    {
        "kind": "receipt", "outcome": "",
        "title": "政府信息公开申请受理回执",
        "legal_basis": f"{REGULATION}第三十一条、第三十三条",
        "body": _lines(
            "本机关于{{ received_on }}收到{{ you }}{% if channel %}以{{ channel }}方式{% endif %}提出的政府信息公开申请，"
            "{{ you }}申请公开的政府信息为：“{{ content }}”。",
            "该申请已登记，受理编号为{{ tracking_no }}。{{ you }}可以凭受理编号和查询码在本机关政府信息公开专栏"
            "查询办理进度。",
            "根据{{ legal_basis }}的规定，本机关将自收到申请之日起20个工作日内予以答复"
            "{% if due_on %}（答复期限至{{ due_on }}）{% endif %}；需要延长答复期限的，将另行告知。"
            "征求第三方和其他机关意见所需时间不计算在答复期限内。",
            "特此回执。",
        ),
    },
    {
        "kind": "supplement", "outcome": "",
        "title": "政府信息公开申请补正告知书",
        "legal_basis": f"{REGULATION}第三十条",
        "body": _lines(
            OPENING,
            "经审查，{{ you }}的申请内容不明确，本机关无法据此确定{{ you }}所需的政府信息。根据{{ legal_basis }}"
            "的规定，请{{ you }}对下列事项作出补正：",
            "{{ items }}",
            "请{{ you }}{% if supplement_due %}于{{ supplement_due }}前{% else %}在合理期限内{% endif %}"
            "将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。{{ you }}无正当理由逾期不补正的，"
            "视为放弃申请，本机关不再处理该政府信息公开申请。",
            "补正过程中如有疑问，{{ you }}可以联系本机关政府信息公开工作机构，本机关将给予指导和释明。",
            CLOSING,
        ),
    },
    {
        "kind": "extension", "outcome": "",
        "title": "政府信息公开申请延期答复告知书",
        "legal_basis": f"{REGULATION}第三十三条第二款",
        "body": _lines(
            OPENING,
            "{% if extension_reason %}因{{ extension_reason }}，{% endif %}本机关不能在法定期限内作出答复。"
            "根据{{ legal_basis }}的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{ workdays }}个工作日"
            "{% if due_on %}，延长后的答复期限至{{ due_on }}{% endif %}。",
            "{% if not due_on %}征求第三方和其他机关意见所需时间、自发出收费通知至缴纳费用的期间不计算在答复期限内，"
            "本机关将在上述期间结束后按照延长后的期限作出答复。{% endif %}",
            CLOSING,
        ),
    },
    {
        "kind": "consultation", "outcome": "",
        "title": "政府信息公开第三方意见征询函",
        "legal_basis": f"{REGULATION}第十五条、第三十二条",
        "body": _lines(
            OPENING_THIRD,
            "经审查，该政府信息可能涉及贵方的商业秘密、个人隐私等合法权益，公开可能对贵方合法权益造成损害。"
            "根据{{ legal_basis }}的规定，现书面征求贵方意见。",
            "请贵方自收到本函之日起15个工作日内{% if reply_by %}（{{ reply_by }}前）{% endif %}书面提出是否同意公开的意见；"
            "不同意公开的，请说明理由并提供相关材料。逾期未提出意见的，本机关将依照"
            f"{REGULATION}的规定决定是否公开。",
            "第三方不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，"
            "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。",
            "特此函询。",
        ),
    },
    {
        "kind": "consultation_agency", "outcome": "",
        "title": "政府信息公开征求意见函",
        "legal_basis": f"{REGULATION}第三十四条",
        "body": _lines(
            OPENING_THIRD,
            "经审查，该政府信息系由本机关牵头、与贵单位共同制作。根据{{ legal_basis }}的规定，现征求贵单位意见。",
            "请贵单位自收到本函之日起15个工作日内{% if reply_by %}（{{ reply_by }}前）{% endif %}书面提出是否同意公开的意见；"
            "不同意公开的，请说明理由和依据。逾期未提出意见的，视为同意公开。",
            "请予研究函复。",
        ),
    },
    {
        "kind": "fee", "outcome": "",
        "title": "政府信息公开信息处理费收费通知书",
        "legal_basis": f"{REGULATION}第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        "body": _lines(
            OPENING,
            "经审查，{{ you }}申请公开政府信息的数量、频次明显超过合理范围。根据{{ legal_basis }}的规定，"
            "本机关决定对{{ you }}的申请收取信息处理费。",
            "收费标准：{{ fee_method }}{% if pages %}（共{{ pages }}页）{% endif %}，按照超额累进方式计算。",
            "计算说明：{{ fee_explanation }}",
            "收费金额：人民币{{ amount }}元{% if amount_words %}（大写：{{ amount_words }}）{% endif %}。",
            "缴费期限：请{{ you }}自收到本通知次日起20个工作日内{% if payment_due %}（{{ payment_due }}前）{% endif %}缴纳。",
            "缴纳方式：请按照随本通知送达的非税收入缴款书所列方式缴纳。信息处理费全额缴入国库，本机关出具财政票据。",
            "{{ you }}逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。自本通知发出之日至{{ you }}"
            "缴纳费用之日的期间，不计算在答复期限内。",
            "如对本通知不服，可以自收到本通知之日起60日内依法申请行政复议，或者在6个月内依法向人民法院提起行政诉讼。",
            "特此通知。",
        ),
    },
    # Replies: one per outcome a reply may carry (applications.codes.REPLY_OUTCOMES). ``basis`` is the legal
    # basis the handler chose when drafting (defaulting to the template's legal_basis).
    {
        "kind": "reply", "outcome": "3.1",
        "title": "政府信息公开告知书",
        "legal_basis": f"{REGULATION}第三十六条第（一）（二）项",
        "body": _lines(
            OPENING_REPLY,
            "{{ you }}申请公开的政府信息属于可以公开的政府信息。根据{{ basis }}的规定，本机关决定予以公开。",
            "{% if provided %}本机关提供的政府信息及获取方式如下：{{ provided }}{% endif %}",
            "{% if reason %}{{ reason }}{% endif %}",
            REMEDY,
            CLOSING,
        ),
    },
    {
        "kind": "reply", "outcome": "3.2",
        "title": "政府信息部分公开告知书",
        "legal_basis": f"{REGULATION}第三十七条",
        "body": _lines(
            OPENING_REPLY,
            "{{ you }}申请公开的政府信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。"
            "根据{{ basis }}的规定，本机关向{{ you }}提供可以公开的政府信息内容，对不予公开的内容说明理由。",
            "{% if provided %}本机关提供的政府信息及获取方式如下：{{ provided }}{% endif %}",
            "{% if reason %}不予公开部分的理由：{{ reason }}{% endif %}",
            REMEDY,
            CLOSING,
        ),
    },
    {
        "kind": "reply", "outcome": "3.3.1",
        "title": "政府信息不予公开告知书",
        "legal_basis": f"{REGULATION}第十四条",
        "body": _reply("{{ you }}申请公开的政府信息属于依法确定为国家秘密的政府信息。根据{{ basis }}"
                       "“依法确定为国家秘密的政府信息……不予公开”的规定，本机关决定不予公开。"),
    },
    {
        "kind": "reply", "outcome": "3.3.2",
        "title": "政府信息不予公开告知书",
        "legal_basis": f"{REGULATION}第十四条",
        "body": _reply("{{ you }}申请公开的政府信息属于法律、行政法规禁止公开的政府信息。根据{{ basis }}的规定，"
                       "本机关决定不予公开。"),
    },
    {
        "kind": "reply", "outcome": "3.3.3",
        "title": "政府信息不予公开告知书",
        "legal_basis": f"{REGULATION}第十四条",
        "body": _reply("{{ you }}申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"
                       "根据{{ basis }}的规定，本机关决定不予公开。"),
    },
    {
        "kind": "reply", "outcome": "3.3.4",
        "title": "政府信息不予公开告知书",
        "legal_basis": f"{REGULATION}第十五条、第三十二条",
        "body": _reply("{{ you }}申请公开的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
                       "根据{{ basis }}的规定，本机关决定不予公开。"),
    },
    {
        "kind": "reply", "outcome": "3.3.5",
        "title": "政府信息不予公开告知书",
        "legal_basis": f"{REGULATION}第十六条第一款",
        "body": _reply("{{ you }}申请公开的政府信息属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等"
                       "方面的信息）。根据{{ basis }}的规定，本机关决定不予公开。"),
    },
    {
        "kind": "reply", "outcome": "3.3.6",
        "title": "政府信息不予公开告知书",
        "legal_basis": f"{REGULATION}第十六条第二款",
        "body": _reply("{{ you }}申请公开的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
                       "磋商信函、请示报告等过程性信息。根据{{ basis }}的规定，本机关决定不予公开。"),
    },
    {
        "kind": "reply", "outcome": "3.3.7",
        "title": "政府信息不予公开告知书",
        "legal_basis": f"{REGULATION}第十六条第二款",
        "body": _reply("{{ you }}申请公开的政府信息属于行政执法案卷信息。根据{{ basis }}的规定，本机关决定不予公开。"),
    },
    {
        "kind": "reply", "outcome": "3.3.8",
        "title": "政府信息不予公开告知书",
        "legal_basis": f"{REGULATION}第三十六条第（七）项",
        "body": _reply("{{ you }}申请获取的信息属于行政查询事项，有关法律、行政法规对该信息的获取有特别规定。"
                       "根据{{ basis }}的规定，本机关不作为政府信息公开申请提供，请{{ you }}依照有关法律、"
                       "行政法规的规定办理查询。"),
    },
    {
        "kind": "reply", "outcome": "3.4.1",
        "title": "政府信息公开申请答复书",
        "legal_basis": f"{REGULATION}第三十六条第（四）（五）项",
        "body": _reply("经检索，本机关未制作或者获取{{ you }}申请公开的政府信息，该政府信息在本机关不存在或者不属于"
                       "本机关负责公开。根据{{ basis }}的规定，现告知{{ you }}。"),
    },
    {
        "kind": "reply", "outcome": "3.4.2",
        "title": "政府信息公开申请答复书",
        "legal_basis": f"{REGULATION}第三十八条",
        "body": _reply("本机关没有{{ you }}所申请的现成信息，提供该信息需要对现有政府信息进行加工、分析。"
                       "根据{{ basis }}“需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供”的规定，"
                       "本机关不予提供。"),
    },
    {
        "kind": "reply", "outcome": "3.4.3",
        "title": "政府信息公开申请答复书",
        "legal_basis": f"{REGULATION}第三十条",
        "body": _reply("本机关已告知{{ you }}作出补正，{{ you }}补正后的申请内容仍不明确，本机关无法确定{{ you }}"
                       "所申请的政府信息。根据{{ basis }}的规定，本机关无法提供。"),
    },
    {
        "kind": "reply", "outcome": "3.5.1",
        "title": "不作为政府信息公开申请处理告知书",
        "legal_basis": f"{REGULATION}第三十九条第一款",
        "body": _reply("{{ you }}以政府信息公开申请的形式提出的事项属于信访、投诉、举报等活动。根据{{ basis }}"
                       "的规定，本机关不作为政府信息公开申请处理，{{ you }}可以通过信访、投诉、举报等相应渠道提出。"),
    },
    {
        "kind": "reply", "outcome": "3.5.2",
        "title": "政府信息公开申请不予重复处理告知书",
        "legal_basis": f"{REGULATION}第三十六条第（六）项",
        "body": _reply("本机关已就{{ you }}提出的政府信息公开申请作出答复，{{ you }}此次系重复申请公开相同的政府信息。"
                       "根据{{ basis }}的规定，本机关不予重复处理。"),
    },
    {
        "kind": "reply", "outcome": "3.5.3",
        "title": "政府信息公开申请答复书",
        "legal_basis": f"{REGULATION}第三十九条第二款",
        "body": _reply("{{ you }}申请获取的是政府公报、报刊、书籍等公开出版物。根据{{ basis }}的规定，"
                       "本机关告知{{ you }}获取的途径。"),
    },
    {
        "kind": "reply", "outcome": "3.5.4",
        "title": "政府信息公开申请不予处理告知书",
        "legal_basis": f"{REGULATION}第三十五条",
        "body": _reply("{{ you }}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{{ you }}说明理由。"
                       "经审查，本机关认为申请理由不合理。根据{{ basis }}的规定，本机关不予处理。"),
    },
    {
        "kind": "reply", "outcome": "3.5.5",
        "title": "政府信息公开申请答复书",
        "legal_basis": f"{REGULATION}第三十九条",
        "body": _reply("{{ you }}的申请系要求本机关确认或者重新出具{{ you }}已获取的政府信息，不属于"
                       f"{REGULATION}所规定的政府信息公开申请。根据{{{{ basis }}}}的规定，本机关不作为政府信息"
                       "公开申请处理。"),
    },
]


def seed(template_model) -> int:
    """Create version 1 of every default template that has no version 1 yet; return how many were created.
    Takes the model class so the data migration can pass its historical model."""
    created = 0
    for item in DEFAULT_TEMPLATES:
        _template, was_created = template_model.objects.get_or_create(
            kind=item["kind"], outcome=item["outcome"], version=1,
            defaults={"effective_from": EFFECTIVE_FROM, "title": item["title"], "body": item["body"],
                      "legal_basis": item["legal_basis"]})
        created += was_created
    return created
