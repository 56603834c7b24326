"""The public 政府信息公开 column: the 依申请公开 form, its receipt and the applicant's tracking page."""
