"""Chinese names of audited actions, for the audit pages. Apps add theirs with ``register``; an action
without a label is shown by its code."""

ACTION_LABELS: dict[str, str] = {
    "accounts.admin.create": "创建三员账号",
    "accounts.lock": "账号锁定",
    "accounts.login": "登录",
    "accounts.password.change": "修改本人密码",
    "accounts.policy.update": "修改安全策略",
    "accounts.unlock": "解锁账号",
    "accounts.user.activate": "启用用户",
    "accounts.user.deactivate": "停用用户",
    "accounts.user.create": "创建用户",
    "accounts.user.reset_password": "重置密码",
    "accounts.user.update": "修改用户信息",
    "orgs.create": "新增机构",
    "orgs.update": "修改机构",
    "orgs.activate": "启用机构",
    "orgs.deactivate": "停用机构",
    "orgs.membership.grant": "授予角色",
    "orgs.membership.update": "调整数据范围",
    "orgs.membership.revoke": "撤销角色",
    "workdays.override.create": "新增节假日/调休",
    "workdays.override.update": "修改节假日/调休",
    "workdays.override.delete": "删除节假日/调休",
    "workdays.year.create": "手工录入年度日历",
    "workdays.year.seed": "载入年度日历",
    "workdays.year.replace": "重新载入年度日历",
    "workdays.year.delete": "删除年度日历",
}


def register(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
