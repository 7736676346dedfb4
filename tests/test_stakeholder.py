from odoo import Command, fields
from odoo.tests import Form, tagged, users, warmup

from .common import OFFICER_LOGIN, ProtectCase


@tagged("post_install", "-at_install")
class TestStakeholderRegister(ProtectCase):
    """Officers keep the stakeholder register in res.partner."""

    @users(OFFICER_LOGIN)
    def test_officer_creates_stakeholder_organisation(self):
        organisation = self.env["res.partner"].create(
            {
                "name": "Trent Bank plc (test)",
                "is_company": True,
                "protect_stakeholder": True,
                "protect_sector_id": self.sector_finance.id,
                "protect_force_area_id": self.area_derbyshire.id,
            }
        )
        self.assertRecordValues(
            organisation,
            [
                {
                    "protect_stakeholder": True,
                    "protect_sector_id": self.sector_finance.id,
                    "protect_sector_group_id": self.env.ref(
                        "protect_engagement.protect_sector_group_industry"
                    ).id,
                    "protect_force_area_id": self.area_derbyshire.id,
                    "protect_engagement_count": 0,
                    "protect_last_engagement_date": False,
                }
            ],
        )

    @users(OFFICER_LOGIN)
    def test_person_inherits_register_fields_from_organisation(self):
        person = self.env["res.partner"].create(
            {"name": "Sam Patel (test)", "parent_id": self.organisation.id}
        )
        self.assertRecordValues(
            person,
            [
                {
                    "protect_stakeholder": True,
                    "protect_sector_id": self.sector_finance.id,
                    "protect_force_area_id": self.area_derbyshire.id,
                    "protect_owner_id": self.officer.id,
                }
            ],
        )

    def test_person_form_takes_organisation_area_on_parent_change(self):
        person_form = Form(self.env["res.partner"].with_user(self.officer))
        person_form.name = "Sam Patel (test)"
        person_form.parent_id = self.organisation
        self.assertEqual(person_form.protect_force_area_id, self.area_derbyshire)

    def test_stakeholder_defaults_to_middle_power_and_interest(self):
        organisation = (
            self.env["res.partner"]
            .with_user(self.officer)
            .create(
                {"name": "Derwent Credit Union (test)", "protect_stakeholder": True}
            )
        )
        self.assertRecordValues(
            organisation, [{"protect_power": 3, "protect_interest": 3}]
        )


@tagged("post_install", "-at_install")
class TestLogFromStakeholder(ProtectCase):
    """An officer logs a meeting from the stakeholder's form."""

    def _log_meeting_from(self, partner, user=None):
        """Open "Log engagement" on ``partner`` and save the form as it comes."""
        user = user or self.officer
        action = partner.with_user(user).action_protect_log_engagement()
        engagement_model = self.env[action["res_model"]].with_user(user)
        engagement_form = Form(engagement_model.with_context(**action["context"]))
        return engagement_form

    def test_log_engagement_form_prefills_stakeholder_area_and_officer(self):
        engagement_form = self._log_meeting_from(self.person)
        self.assertEqual(
            (
                engagement_form.partner_ids[:],
                engagement_form.force_area_id,
                engagement_form.user_id,
            ),
            (self.person, self.area_derbyshire, self.officer),
        )

    def test_liaison_logs_meeting_from_stakeholder_updates_count(self):
        self._log_meeting_from(self.person, user=self.liaison).save()
        self.assertEqual(self.engagement_figures(self.person, self.liaison)[0], 1)

    def test_log_engagement_form_defaults_to_partner_meeting(self):
        engagement_form = self._log_meeting_from(self.person)
        self.assertEqual(engagement_form.engagement_type_id, self.type_partner_meeting)

    def test_officer_logs_meeting_from_stakeholder_updates_count(self):
        count_before, _last = self.engagement_figures(self.person)
        self._log_meeting_from(self.person).save()
        count_after, _last = self.engagement_figures(self.person)
        self.assertEqual(count_after, count_before + 1)

    def test_officer_logs_meeting_from_stakeholder_updates_last_date(self):
        engagement = self._log_meeting_from(self.person).save()
        _count, last = self.engagement_figures(self.person)
        self.assertEqual(last, fields.Date.to_date(engagement.date_start))

    def test_meeting_with_person_counts_for_organisation(self):
        self._log_meeting_from(self.person).save()
        self.assertEqual(self.engagement_figures(self.organisation)[0], 1)

    def test_meeting_with_person_does_not_count_for_other_organisation(self):
        self._log_meeting_from(self.person).save()
        self.assertEqual(self.engagement_figures(self.other_organisation), (0, False))


@tagged("post_install", "-at_install")
class TestStakeholderFigures(ProtectCase):
    """Engagement count and last engagement date follow the engagements."""

    def test_second_engagement_adds_to_count(self):
        self.create_engagement(date_start=self.days_ago(10))
        self.create_engagement(date_start=self.days_ago(5))
        self.assertEqual(self.engagement_figures(self.person)[0], 2)

    def test_last_date_is_latest_engagement(self):
        self.create_engagement(date_start=self.days_ago(10))
        self.create_engagement(date_start=self.days_ago(40))
        self.assertEqual(
            self.engagement_figures(self.person)[1],
            fields.Date.to_date(self.days_ago(10)),
        )

    def test_engagement_with_two_people_counts_once_for_their_organisation(self):
        colleague = self.env["res.partner"].create(
            {"name": "Colin Brown (test)", "parent_id": self.organisation.id}
        )
        self.create_engagement(partner_ids=[Command.set((self.person | colleague).ids)])
        self.assertEqual(self.engagement_figures(self.organisation)[0], 1)

    def test_planned_engagement_is_not_counted(self):
        self.create_engagement(date_start=self.days_ago(-7))
        self.assertEqual(self.engagement_figures(self.person), (0, False))

    def test_marking_engagement_done_counts_it(self):
        engagement = self.create_engagement(state="planned")
        engagement.action_mark_done()
        self.assertEqual(self.engagement_figures(self.person)[0], 1)

    def test_cancelled_engagement_leaves_the_count(self):
        engagement = self.create_engagement()
        engagement.action_cancel()
        self.assertEqual(self.engagement_figures(self.person), (0, False))

    def test_archived_engagement_leaves_the_count(self):
        engagement = self.create_engagement()
        engagement.action_archive()
        self.assertEqual(self.engagement_figures(self.person), (0, False))

    def test_restored_engagement_counts_again(self):
        engagement = self.create_engagement()
        engagement.action_archive()
        engagement.action_unarchive()
        self.assertEqual(self.engagement_figures(self.person)[0], 1)

    def test_moving_engagement_date_updates_last_date(self):
        engagement = self.create_engagement(date_start=self.days_ago(3))
        engagement.write({"date_start": self.days_ago(30), "date_end": False})
        self.assertEqual(
            self.engagement_figures(self.person)[1],
            fields.Date.to_date(self.days_ago(30)),
        )

    def test_removing_stakeholder_from_engagement_leaves_their_count(self):
        engagement = self.create_engagement(
            partner_ids=[Command.set((self.person | self.other_person).ids)]
        )
        engagement.partner_ids = [Command.unlink(self.other_person.id)]
        self.assertEqual(self.engagement_figures(self.other_person), (0, False))

    def test_deleted_engagement_leaves_the_count(self):
        engagement = self.create_engagement(user=self.manager)
        engagement.unlink()
        self.assertEqual(self.engagement_figures(self.person, self.manager), (0, False))

    def test_person_moving_organisation_takes_figures_along(self):
        self.create_engagement()
        self.person.with_user(self.officer).parent_id = self.other_organisation
        self.assertEqual(
            (
                self.engagement_figures(self.organisation)[0],
                self.engagement_figures(self.other_organisation)[0],
            ),
            (0, 1),
        )

    @users(OFFICER_LOGIN)
    @warmup
    def test_figures_of_a_stakeholder_list_take_constant_queries(self):
        partners = self.env["res.partner"].search(
            [("id", "in", (self.organisation | self.person | self.other_person).ids)]
        )
        with self.assertQueryCount(1):
            partners.mapped("protect_engagement_count")


@tagged("post_install", "-at_install")
class TestStakeholderSearch(ProtectCase):
    """Officers filter stakeholders on their engagement figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        engagement_model = cls.env["protect.engagement"]
        base = {
            "name": "Catch-up",
            "engagement_type_id": cls.type_partner_meeting.id,
            "force_area_id": cls.area_derbyshire.id,
        }
        # person: two engagements, 50 and 20 days ago; other_person: one, 5 days ago;
        # future_member: none.
        engagement_model.create(
            [
                {
                    **base,
                    "date_start": cls.days_ago(50),
                    "partner_ids": [Command.set(cls.person.ids)],
                },
                {
                    **base,
                    "date_start": cls.days_ago(20),
                    "partner_ids": [Command.set(cls.person.ids)],
                },
                {
                    **base,
                    "date_start": cls.days_ago(5),
                    "partner_ids": [Command.set(cls.other_person.ids)],
                },
            ]
        )
        cls.people = cls.person | cls.other_person | cls.future_member

    def _search_people(self, domain):
        partner_model = self.env["res.partner"].with_user(self.officer)
        return partner_model.search([("id", "in", self.people.ids), *domain])

    def test_search_last_engagement_before_date(self):
        cutoff = fields.Date.to_date(self.days_ago(10))
        found = self._search_people([("protect_last_engagement_date", "<", cutoff)])
        self.assertEqual(found, self.person)

    def test_search_last_engagement_after_date(self):
        cutoff = fields.Date.to_date(self.days_ago(10))
        found = self._search_people([("protect_last_engagement_date", ">=", cutoff)])
        self.assertEqual(found, self.other_person)

    def test_search_never_engaged(self):
        found = self._search_people([("protect_last_engagement_date", "=", False)])
        self.assertEqual(found, self.future_member)

    def test_search_ever_engaged(self):
        found = self._search_people([("protect_last_engagement_date", "!=", False)])
        self.assertEqual(found, self.person | self.other_person)

    def test_search_engagement_count_at_least_two(self):
        found = self._search_people([("protect_engagement_count", ">=", 2)])
        self.assertEqual(found, self.person)

    def test_search_engagement_count_below_one(self):
        found = self._search_people([("protect_engagement_count", "<", 1)])
        self.assertEqual(found, self.future_member)

    def test_search_organisation_by_its_people_engagements(self):
        partner_model = self.env["res.partner"].with_user(self.officer)
        found = partner_model.search(
            [
                ("id", "in", (self.organisation | self.other_organisation).ids),
                ("protect_engagement_count", ">=", 2),
            ]
        )
        self.assertEqual(found, self.organisation)


@tagged("post_install", "-at_install")
class TestStakeholderEngagementsButton(ProtectCase):
    """The smart button lists the engagements logged with a stakeholder."""

    def _button_engagements(self, partner):
        action = partner.with_user(self.officer).action_protect_view_engagements()
        engagement_model = self.env["protect.engagement"].with_user(self.officer)
        return engagement_model.search(action["domain"])

    def test_person_button_lists_their_engagement(self):
        engagement = self.create_engagement()
        self.create_engagement(partner_ids=[Command.set(self.other_person.ids)])
        self.assertEqual(self._button_engagements(self.person), engagement)

    def test_organisation_button_lists_its_people_engagements(self):
        engagement = self.create_engagement()
        self.assertEqual(self._button_engagements(self.organisation), engagement)

    def test_button_opens_new_engagements_with_the_stakeholder(self):
        action = self.person.with_user(self.officer).action_protect_view_engagements()
        self.assertEqual(action["context"].get("default_partner_ids"), self.person.ids)
