"""The coordinators' referral area in the Wagtail admin (/admin/referrals/), built on a
ModelViewSet (networks.referral_admin.viewsets): the listing with its filters and exports,
the referral's page with its actions, its history, phone registration, and the pages for a
person's request to see or erase their data.

Who sees what is one permission policy (networks.referral_admin.permissions); every view
and export checks it on the server (networks.referral_admin.access).
"""
