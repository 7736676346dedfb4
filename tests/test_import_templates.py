"""Officers bring their spreadsheets: Odoo's import screen offers ready
templates with the Protect columns, and importing them goes through the same
checks as the forms (a marking above the importer's vetting is refused).

Each import runs as the web client runs it: the file is uploaded to a
``base_import.import`` record, previewed (which matches the columns to fields
and guesses the date format), then imported with the matched fields.
"""

from odoo.tests import tagged
from odoo.tools import file_open

from .common import ProtectCommon

STAKEHOLDERS = "protect_stakeholders_import_template.csv"
PEOPLE = "protect_people_import_template.csv"
ENGAGEMENTS = "protect_engagements_import_template.csv"

# The options the import screen sends for a CSV file.
CSV_OPTIONS = {
    "has_headers": True,
    "advanced": False,
    "keep_matches": False,
    "name_create_enabled_fields": {},
    "import_set_empty_fields": [],
    "import_skip_records": [],
    "fallback_values": {},
    "skip": 0,
    "limit": 2000,
    "encoding": "",
    "separator": "",
    "quoting": '"',
    "date_format": "",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "sheets": [],
    "sheet": "",
}


def template_bytes(name):
    with file_open(f"protect_engagement/static/xls/{name}", "rb") as template:
        return template.read()


@tagged("post_install", "-at_install", "protect_import")
class TestImportTemplates(ProtectCommon):
    def _preview(self, user, model, name, content=None):
        importer = (
            self.env["base_import.import"]
            .with_user(user)
            .create(
                {
                    "res_model": model,
                    "file": content or template_bytes(name),
                    "file_name": name,
                    "file_type": "text/csv",
                }
            )
        )
        preview = importer.parse_preview(dict(CSV_OPTIONS))
        self.assertFalse(preview.get("error"), preview.get("error"))
        matches = preview["matches"] or {}
        fields = [
            "/".join(matches[index]) if index in matches else False
            for index in range(len(preview["headers"]))
        ]
        return importer, preview, fields

    def _import(self, user, model, name, content=None):
        importer, preview, fields = self._preview(user, model, name, content)
        return importer.execute_import(fields, preview["headers"], preview["options"])

    def _assert_imported(self, result):
        self.assertEqual(
            [message["message"] for message in result["messages"]], [], "refused"
        )

    def _import_register(self, user):
        """Import the stakeholder and people templates as ``user``."""
        self._assert_imported(self._import(user, "res.partner", STAKEHOLDERS))
        self._assert_imported(self._import(user, "res.partner", PEOPLE))

    def _partner(self, name):
        return self.env["res.partner"].search([("name", "=", name)])

    # ------------------------------------------------------------ templates

    def test_stakeholder_import_offers_protect_templates(self):
        templates = self.env["res.partner"].with_user(self.officer)
        paths = [t["template"] for t in templates.get_import_templates()]
        self.assertLessEqual(
            {
                f"/protect_engagement/static/xls/{STAKEHOLDERS}",
                f"/protect_engagement/static/xls/{PEOPLE}",
            },
            set(paths),
        )

    def test_stakeholder_templates_not_offered_to_who_cannot_create_contacts(self):
        templates = self.env["res.partner"].with_user(self.liaison)
        paths = [t["template"] for t in templates.get_import_templates()]
        self.assertNotIn(f"/protect_engagement/static/xls/{STAKEHOLDERS}", paths)

    def test_engagement_import_offers_protect_template(self):
        templates = self.env["protect.engagement"].with_user(self.officer)
        self.assertEqual(
            [t["template"] for t in templates.get_import_templates()],
            [f"/protect_engagement/static/xls/{ENGAGEMENTS}"],
        )

    def test_every_template_column_matches_a_field(self):
        unmatched = {}
        for model, name in (
            ("res.partner", STAKEHOLDERS),
            ("res.partner", PEOPLE),
            ("protect.engagement", ENGAGEMENTS),
        ):
            _importer, preview, fields = self._preview(self.officer, model, name)
            missing = [
                header
                for header, field in zip(preview["headers"], fields, strict=True)
                if not field
            ]
            if missing:
                unmatched[name] = missing
        self.assertEqual(unmatched, {}, "columns the import screen cannot match")

    # ------------------------------------------------------------ importing

    def test_officer_imports_stakeholder_template_into_register(self):
        self._assert_imported(self._import(self.officer, "res.partner", STAKEHOLDERS))
        union = self._partner("Riverside Credit Union")
        self.assertEqual(
            (
                union.protect_stakeholder,
                union.protect_sector_id.name,
                union.protect_force_area_id.name,
                union.protect_status,
                union.protect_isa_expiry.isoformat(),
                union.protect_sensitivity,
            ),
            (
                True,
                "Finance and banking",
                "Nottinghamshire",
                "active",
                "2028-03-31",
                "official",
            ),
        )

    def test_officer_imports_people_template_at_their_organisations(self):
        self._import_register(self.officer)
        person = self._partner("Geoffrey Marsden")
        self.assertEqual(
            (person.parent_id.name, person.protect_stakeholder),
            ("Wolds Age Friendly Network", True),
        )

    def test_officer_imports_engagement_template_with_stakeholders(self):
        self._import_register(self.officer)
        self._assert_imported(
            self._import(self.officer, "protect.engagement", ENGAGEMENTS)
        )
        engagement = self.env["protect.engagement"].search(
            [("name", "=", "Scam mail awareness session for volunteers")]
        )
        self.assertEqual(
            (
                engagement.engagement_type_id.name,
                sorted(engagement.partner_ids.mapped("name")),
                engagement.user_id,
                engagement.date_start.date().isoformat(),
                engagement.duration,
            ),
            (
                "Awareness event",
                ["Wolds Age Friendly Network"],
                self.officer,
                "2026-10-21",
                2.0,
            ),
        )

    def test_engagement_import_names_a_person_by_email(self):
        # A person's name reads "Organisation, Person", and the import splits
        # stakeholders on commas: the template gives people by e-mail.
        self._import_register(self.officer)
        self._assert_imported(
            self._import(self.officer, "protect.engagement", ENGAGEMENTS)
        )
        engagement = self.env["protect.engagement"].search(
            [("name", "=", "Courier fraud briefing for branch staff")]
        )
        self.assertEqual(
            sorted(engagement.partner_ids.mapped("name")),
            ["Priya Lakhani", "Riverside Credit Union"],
        )

    # ------------------------------------------------------------ vetting

    def _with_rows(self, name, marking, rows):
        """The template with its example rows marked ``marking`` at the given
        (0-based) data rows."""
        lines = template_bytes(name).decode().splitlines()
        for row in rows:
            lines[row + 1] = lines[row + 1].replace(",OFFICIAL", f",{marking}")
        return ("\n".join(lines) + "\n").encode()

    def _refusals(self, result):
        """{file row (1-based, after the header): message} of the errors."""
        return {
            message["rows"]["from"] + 1: message["message"]
            for message in result["messages"]
            if message["type"] == "error"
        }

    def test_import_refuses_stakeholder_row_marked_above_vetting(self):
        content = self._with_rows(STAKEHOLDERS, "SECRET", [1])
        result = self._import(self.officer_mv, "res.partner", STAKEHOLDERS, content)
        refusals = self._refusals(result)
        self.assertEqual(
            (list(refusals), refusals[2].split(":")[0]), ([2], "Sensitivity")
        )

    def test_import_refused_row_leaves_nothing_half_written(self):
        content = self._with_rows(STAKEHOLDERS, "SECRET", [1])
        self._import(self.officer_mv, "res.partner", STAKEHOLDERS, content)
        found = self.env["res.partner"].search(
            [
                (
                    "name",
                    "in",
                    ["Riverside Credit Union", "Wolds Age Friendly Network"],
                )
            ]
        )
        self.assertFalse(found)

    def test_import_reports_each_engagement_row_above_vetting(self):
        self._import_register(self.officer)
        content = self._with_rows(ENGAGEMENTS, "SECRET", [0, 1])
        result = self._import(
            self.officer_mv, "protect.engagement", ENGAGEMENTS, content
        )
        self.assertEqual(
            {row: text.split(":")[0] for row, text in self._refusals(result).items()},
            {1: "Sensitivity", 2: "Sensitivity"},
        )

    def test_importer_cleared_for_marking_imports_it(self):
        content = self._with_rows(STAKEHOLDERS, "OFFICIAL-SENSITIVE", [0])
        self._assert_imported(
            self._import(self.officer_mv, "res.partner", STAKEHOLDERS, content)
        )
        self.assertEqual(
            self._partner("Riverside Credit Union").protect_sensitivity,
            "official_sensitive",
        )
