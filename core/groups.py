"""Names of the user groups more than one app relies on (made by partners.access)."""

# The county's directory moderators: they review partners' changes anywhere in the county
# and are the last step when a referral is escalated (networks.escalation).
COUNTY_MODERATORS = "Länsmoderatorer"
