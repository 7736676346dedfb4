from odoo import Command
from odoo.tests import tagged

from .common import ProtectCase


@tagged("post_install", "-at_install")
class TestStatRefresh(ProtectCase):
    """The engagement figures follow partners who become companies or are
    merged."""

    def test_person_becoming_a_company_leaves_organisation_figures(self):
        self.create_engagement()
        self.person.with_user(self.officer).is_company = True
        self.assertEqual(self.engagement_figures(self.organisation), (0, False))

    def _merge_other_person_into_person(self):
        # Both have figures at the same marking: the merge cannot simply move
        # the merged contact's figures onto the contact kept.
        self.create_engagement()
        self.create_engagement(partner_ids=[Command.set(self.other_person.ids)])
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (self.person | self.other_person).ids, self.person
        )

    def test_merged_contacts_pool_their_engagements_on_contact_kept(self):
        self._merge_other_person_into_person()
        self.assertEqual(self.engagement_figures(self.person)[0], 2)

    def test_merged_contact_leaves_former_organisation_figures(self):
        self._merge_other_person_into_person()
        self.assertEqual(self.engagement_figures(self.other_organisation), (0, False))
