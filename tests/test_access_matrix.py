"""Who may read, create, change and delete each Protect model.

Every cell of the matrix is asserted, the denials as well as the grants, as a
real user of each role whose vetting clears the OFFICIAL records used here.
"""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ProtectCommon

R, C, W, U = "read", "create", "write", "unlink"
ALL = {R, C, W, U}

# model -> role -> operations granted on an OFFICIAL record
EXPECTED = {
    "protect.engagement": {
        "liaison": {R, C, W},
        "officer": {R, C, W},
        "manager": ALL,
        "admin": ALL,
    },
    "protect.panel": {
        "liaison": {R},
        "officer": {R, C, W},
        "manager": ALL,
        "admin": ALL,
    },
    "protect.panel.membership": {
        "liaison": {R},
        "officer": ALL,
        "manager": ALL,
        "admin": ALL,
    },
    "protect.panel.attendance": {
        "liaison": {R, C, W},
        "officer": ALL,
        "manager": ALL,
        "admin": ALL,
    },
    "res.partner": {
        "liaison": {R},
        "officer": ALL,
        "manager": ALL,
        "admin": ALL,
    },
    "protect.sector": {"liaison": {R}, "officer": {R}, "manager": {R}, "admin": ALL},
    "protect.force.area": {
        "liaison": {R},
        "officer": {R},
        "manager": {R},
        "admin": ALL,
    },
    "protect.engagement.type": {
        "liaison": {R},
        "officer": {R},
        "manager": {R},
        "admin": ALL,
    },
    "protect.threat.type": {
        "liaison": {R},
        "officer": {R},
        "manager": {R},
        "admin": ALL,
    },
    "protect.vetting.level": {
        "internal": {R},
        "liaison": {R},
        "officer": {R},
        "manager": {R},
        "admin": ALL,
    },
    "protect.engagement.stat": {"admin": {R}},
}
# what each operation "write" changes, where it is not the name
WRITES = {
    "protect.panel.membership": {"notes": "Renewed"},
    "protect.panel.attendance": {"status": "apologies"},
    "protect.engagement.stat": {"engagement_count": 2},
}
ROLES = ("portal", "internal", "liaison", "officer", "manager", "admin")


@tagged("post_install", "-at_install", "protect_access")
class TestAccessMatrix(ProtectCommon):
    """Each (model, role, operation) is granted or denied as EXPECTED says."""

    def _fixture(self, model):
        """A record to read, change and delete, and values to create another."""
        env = self.env
        n = self._counter = getattr(self, "_counter", 0) + 1
        if model == "protect.engagement":
            return self._engagement(f"Matrix meeting {n}", user=self.liaison), {
                "name": f"Created meeting {n}",
                "date_start": "2026-01-10 10:00:00",
            }
        if model == "protect.panel":
            return env[model].create({"name": f"Matrix panel {n}"}), {
                "name": f"Created panel {n}"
            }
        if model == "protect.panel.membership":
            panel = env["protect.panel"].create({"name": f"Panel for membership {n}"})
            person = self._stakeholder(f"Member {n}")
            other = self._stakeholder(f"Other member {n}")
            membership = env[model].create(
                {"panel_id": panel.id, "partner_id": person.id}
            )
            return membership, {"panel_id": panel.id, "partner_id": other.id}
        if model == "protect.panel.attendance":
            meeting, membership = self._panel_meeting(
                f"Attendance {n}", user=self.liaison
            )
            extra = env["protect.panel.membership"].create(
                {
                    "panel_id": meeting.panel_id.id,
                    "partner_id": self._stakeholder(f"Late member {n}").id,
                    "date_start": "2020-01-01",
                }
            )
            line = meeting.attendance_ids.filtered(
                lambda a: a.membership_id == membership
            )
            return line, {"engagement_id": meeting.id, "membership_id": extra.id}
        if model == "res.partner":
            return self._stakeholder(f"Matrix stakeholder {n}"), {
                "name": f"Created stakeholder {n}",
                "protect_stakeholder": True,
            }
        if model == "protect.engagement.stat":
            partner = self._stakeholder(f"Counted {n}")
            self._engagement(f"Counted meeting {n}", partners=partner)
            stat = env[model].search([("partner_id", "=", partner.id)], limit=1)
            return stat, {
                "partner_id": self._stakeholder(f"Uncounted {n}").id,
                "sensitivity": "official",
                "engagement_count": 1,
                "last_date": "2026-01-01",
            }
        code = f"M{n}"
        values = {
            "protect.sector": {"name": f"Sector {n}"},
            "protect.force.area": {"name": f"Area {n}", "code": code},
            "protect.engagement.type": {"name": f"Type {n}", "code": code},
            "protect.threat.type": {"name": f"Threat {n}"},
            "protect.vetting.level": {
                "name": f"Level {n}",
                "code": code,
                "sequence": 90 + n,
            },
        }[model]
        record = env[model].create(values)
        create_values = dict(values, name=f"{values['name']} bis")
        if "code" in values:
            create_values["code"] = f"{code}B"
        if model == "protect.vetting.level":
            create_values["sequence"] = 190 + n
        return record, create_values

    def _allowed(self, user, model, operation):
        record, create_values = self._fixture(model)
        self.env.invalidate_all()
        try:
            with self.env.cr.savepoint():
                if operation == R:
                    record.with_user(user).read(["display_name"])
                elif operation == C:
                    self.env[model].with_user(user).create(create_values)
                elif operation == W:
                    record.with_user(user).write(WRITES.get(model, {"name": "Renamed"}))
                else:
                    record.with_user(user).unlink()
                self.env.flush_all()
        except AccessError:
            return False
        return True

    def test_access_matrix(self):
        for model, grants in EXPECTED.items():
            for role in ROLES:
                user = self.users_by_role[role]
                for operation in (R, C, W, U):
                    expected = operation in grants.get(role, set())
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self._allowed(user, model, operation),
                            expected,
                            f"{role} {operation} {model}: expected "
                            f"{'granted' if expected else 'denied'}",
                        )

    def test_liaison_cannot_edit_colleagues_engagement(self):
        engagement = self._engagement("Officer's meeting", user=self.officer)
        with self.assertRaises(AccessError):
            engagement.with_user(self.liaison).write({"name": "Changed by liaison"})

    def test_liaison_edits_own_engagement(self):
        engagement = self._engagement("Liaison's meeting", user=self.liaison)
        engagement.with_user(self.liaison).write(
            {"name": "Liaison's meeting, notes added"}
        )
        self.assertEqual(engagement.name, "Liaison's meeting, notes added")

    def test_liaison_cannot_log_engagement_for_someone_else(self):
        with self.assertRaises(AccessError):
            self.env["protect.engagement"].with_user(self.liaison).create(
                {
                    "name": "Logged in a colleague's name",
                    "user_id": self.officer.id,
                    "date_start": "2026-01-10 10:00:00",
                }
            )
            self.env.flush_all()

    def test_liaison_cannot_record_attendance_at_colleagues_meeting(self):
        meeting, _membership = self._panel_meeting("Officer's panel", user=self.officer)
        line = meeting.attendance_ids
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            line.with_user(self.liaison).write({"status": "absent"})

    def test_contact_editor_outside_protect_cannot_change_stakeholder(self):
        stakeholder = self._stakeholder("Guarded stakeholder")
        editor = self.users_by_role["internal"]
        editor.group_ids = [(4, self.env.ref("base.group_partner_manager").id)]
        with self.assertRaises(AccessError):
            stakeholder.with_user(editor).write({"name": "Changed"})

    def test_contact_editor_outside_protect_keeps_ordinary_contacts(self):
        contact = self.env["res.partner"].create({"name": "Ordinary supplier"})
        editor = self.users_by_role["internal"]
        editor.group_ids = [(4, self.env.ref("base.group_partner_manager").id)]
        contact.with_user(editor).write({"name": "Ordinary supplier Ltd"})
        self.assertEqual(contact.name, "Ordinary supplier Ltd")
