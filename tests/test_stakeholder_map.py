from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.protect_stakeholder_figures import quadrant_of
from ..reports import protect_stakeholder_map_svg as map_svg
from .report_common import ProtectReportCase


def overlaps(first, second):
    """Do two boxes (x0, y0, x1, y1) share any area? Touching is fine."""
    slack = 1e-6  # rounding
    return (
        first[0] < second[2] - slack
        and second[0] < first[2] - slack
        and first[1] < second[3] - slack
        and second[1] < first[3] - slack
    )


@tagged("post_install", "-at_install")
class TestStakeholderMapLayout(ProtectReportCase):
    """The SVG drawing on its own: quadrants, spreading, labels."""

    @staticmethod
    def points(count, power=4, interest=4, prefix="Stakeholder"):
        return [
            map_svg.MapPoint(
                key=f"{prefix}-{n}",
                label=f"{prefix} {n:03d} with a rather long organisation name",
                power=power,
                interest=interest,
                group="industry" if n % 2 else "education",
                engagements=n % 7,
            )
            for n in range(count)
        ]

    def test_quadrants(self):
        self.assertEqual(quadrant_of(5, 5), "manage_closely")
        self.assertEqual(quadrant_of(4, 1), "keep_satisfied")
        self.assertEqual(quadrant_of(3, 4), "keep_informed")
        self.assertEqual(quadrant_of(3, 3), "monitor")

    def test_overlapping_points_are_spread_so_labels_read(self):
        points = self.points(12) + self.points(3, power=1, interest=5, prefix="Low")
        layout = map_svg.layout(points)
        boxes = [slot.box for slot in layout.slots]
        self.assertEqual(len(layout.slots), 15)
        for index, box in enumerate(boxes):
            for other in boxes[index + 1 :]:
                self.assertFalse(overlaps(box, other), f"{box} overlaps {other}")
        for slot in layout.slots:
            cell = layout.cells[slot.point.power, slot.point.interest]
            self.assertGreaterEqual(slot.x, cell[0])
            self.assertLessEqual(slot.x + slot.width, cell[2] + 0.01)
            self.assertGreaterEqual(slot.y, cell[1])
            self.assertLessEqual(slot.y + slot.height, cell[3] + 0.01)
            label_room = slot.width - map_svg.MARKER_SPACE
            self.assertLessEqual(map_svg.text_width(slot.text), label_room)

    def test_crowded_cell_says_how_many_more(self):
        layout = map_svg.layout(self.points(40))
        more = [slot for slot in layout.slots if slot.point is None]
        self.assertEqual(len(more), 1)
        self.assertEqual(more[0].text, f"+{layout.hidden} more")
        self.assertEqual(len(layout.slots) - 1 + layout.hidden, 40)

    def test_drawing_is_deterministic_and_valid_svg(self):
        points = self.points(9) + self.points(
            2, power=2, interest=2, prefix="Quiet & <calm>"
        )
        legend = {"industry": ("Industry", "#0072B2")}
        first, _layout = map_svg.render(points, legend)
        second, _layout = map_svg.render(
            list(reversed(self.points(9)))
            + self.points(2, power=2, interest=2, prefix="Quiet & <calm>"),
            legend,
        )
        self.assertEqual(str(first), str(second))
        tree = etree.fromstring(str(first).encode())
        texts = [node.text for node in tree.iter("{http://www.w3.org/2000/svg}text")]
        self.assertIn("MANAGE CLOSELY", texts)
        self.assertTrue(any(text.startswith("Quiet & <calm>") for text in texts))


@tagged("post_install", "-at_install")
class TestStakeholderMapReport(ProtectReportCase):
    def stakeholder_map(self, user, **values):
        return self.report_values("report_stakeholder_map", user, **values)[
            "stakeholder_map"
        ]

    def test_stakeholders_sit_in_their_quadrant(self):
        quadrants = {
            q["key"]: [r["name"] for r in q["rows"]]
            for q in self.stakeholder_map(self.officer)["quadrants"]
        }
        self.assertIn(self.bank.name, quadrants["manage_closely"])
        self.assertIn(self.charity.name, quadrants["keep_satisfied"])
        self.assertIn(self.school.name, quadrants["keep_informed"])
        self.assertIn(self.parish.name, quadrants["monitor"])

    def test_markers_are_sized_by_engagements_in_the_period(self):
        points = {p.key: p for p in self.stakeholder_map(self.officer)["points"]}
        # Bank: briefing, forum meeting and the secret meeting (Q2 only).
        self.assertEqual(points[str(self.bank.id)].engagements, 3)
        self.assertEqual(points[str(self.parish.id)].engagements, 0)

    def test_people_are_placed_when_asked(self):
        without = self.stakeholder_map(self.officer)
        with_people = self.stakeholder_map(self.officer, include_people=True)
        self.assertNotIn(str(self.banker.id), {p.key for p in without["points"]})
        banker = {p.key: p for p in with_people["points"]}[str(self.banker.id)]
        self.assertEqual(banker.engagements, 2)  # the briefing and the forum meeting

    def test_lower_vetting_omits_restricted_stakeholder(self):
        secret_map = self.stakeholder_map(self.officer)
        self.assertIn("Hidden Harbour", str(secret_map["svg"]))
        self.assertEqual(secret_map["marking"], "SECRET")
        restricted = self.stakeholder_map(self.officer_mv)
        self.assertNotIn("Hidden Harbour", str(restricted["svg"]))
        self.assertNotIn(
            str(self.hidden_bank.id), {p.key for p in restricted["points"]}
        )
        points = {p.key: p for p in restricted["points"]}
        self.assertEqual(points[str(self.bank.id)].engagements, 2)  # no secret meeting
        html = self.render_html(
            "protect_engagement.protect_report_stakeholder_map", self.officer_mv
        )
        self.assertNotIn("Hidden Harbour", html)
        self.assertNotIn("SECRET", html)

    def test_status_filter(self):
        dormant = self.stakeholder_map(self.officer, statuses=["dormant"])
        self.assertEqual([p.label for p in dormant["points"]], [self.college.name])

    def test_liaison_cannot_print_the_map(self):
        liaison = new_test_user(
            self.env,
            login="rep_liaison",
            groups="protect_engagement.group_liaison",
            protect_vetting_level_id=self.level_mv.id,
        )
        with self.assertRaises(AccessError):
            self.stakeholder_map(liaison)

    def test_pdf_renders_map_and_lists(self):
        text = self.render_pdf_text(
            "protect_engagement.protect_report_stakeholder_map",
            self.officer,
            data=self.filters_data(),
        )
        for expected in (
            "Stakeholder map",
            "MANAGE CLOSELY",
            "KEEP INFORMED",
            "Testshire Savings Bank",
            "Keep satisfied",
            "Mockshire Elders Trust",
            "Monitor",
            "Testshire Parish Council",
        ):
            self.assertIn(expected, text)


@tagged("post_install", "-at_install")
class TestPanelMembershipReport(ProtectReportCase):
    def panels(self, user):
        report = self.report_values("report_panel_membership", user, force_area_ids=[])[
            "panels_report"
        ]
        return {panel["name"]: panel for panel in report["panels"]}, report

    def test_members_by_role_with_attendance(self):
        panels, _report = self.panels(self.officer)
        forum = panels[self.panel.name]
        self.assertEqual(
            [m["role"] for m in forum["members"]], ["Secretariat", "Core member"]
        )
        banker = forum["members"][1]
        # Present at the open meeting, apologies for the closed session.
        self.assertEqual(
            (banker["attended"], banker["held"], banker["rate"]), (1, 2, "50%")
        )
        self.assertEqual(forum["meetings"], 2)

    def test_attendance_omits_meetings_above_vetting(self):
        panels, _report = self.panels(self.officer_mv)
        forum = panels[self.panel.name]
        banker = forum["members"][1]
        self.assertEqual(
            (banker["attended"], banker["held"], banker["rate"]), (1, 1, "100%")
        )
        self.assertEqual(forum["meetings"], 1)

    def test_panels_with_no_regional_representation(self):
        _panels, report = self.panels(self.officer)
        names = [panel["name"] for panel in report["unrepresented"]]
        self.assertIn(self.outside_panel.name, names)
        self.assertNotIn(self.panel.name, names)

    def test_pdf_renders(self):
        text = self.render_pdf_text(
            "protect_engagement.protect_report_panel_membership",
            self.officer,
            data=self.filters_data(force_area_ids=[]),
        )
        self.assertIn("Panels with no regional representation", text)
        self.assertIn("Far Away Board", text)
        self.assertIn("Bea Banker", text)


@tagged("post_install", "-at_install")
class TestEngagementBrief(ProtectReportCase):
    def test_several_briefs_print_at_once(self):
        self.e_bank.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Send the leaflet",
            user_id=self.officer.id,
        )
        text = self.render_pdf_text(
            "protect_engagement.protect_engagement_report_brief",
            self.officer,
            res_ids=(self.e_bank | self.e_joint).ids,
        )
        for expected in (
            "Bank briefing",
            "Joint assembly",
            "Send the leaflet",
            "Bea Banker",
        ):
            self.assertIn(expected, text)

    def test_brief_omits_stakeholder_above_vetting(self):
        self.env.invalidate_all()
        reports = self.env["ir.actions.report"].with_user(self.officer_mv)
        html, _kind = reports._render_qweb_html(
            "protect_engagement.protect_engagement_report_brief", self.e_mixed.ids
        )
        self.assertIn("Mockshire Elders Trust", html.decode())
        self.assertNotIn("Hidden Harbour", html.decode())
