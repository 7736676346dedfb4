import importlib.util
import os

import polib
from lxml import etree

from odoo.modules import Manifest
from odoo.tests import TransactionCase, tagged

MODULE = "protect_engagement"


def _i18n_pot_tool():
    """tools/i18n_pot.py, the script that writes the template (not a package)."""
    path = os.path.join(Manifest.for_addon(MODULE).path, "tools", "i18n_pot.py")
    spec = importlib.util.spec_from_file_location("protect_i18n_pot", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


@tagged("post_install", "-at_install")
class TestTranslationTemplate(TransactionCase):
    """i18n/protect_engagement.pot holds every translatable text of the addon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tool = _i18n_pot_tool()
        cls.i18n_path = os.path.join(Manifest.for_addon(MODULE).path, "i18n")

    def _msgids(self, file_name):
        return {
            entry.msgid
            for entry in polib.pofile(os.path.join(self.i18n_path, file_name))
            if not entry.obsolete
        }

    def test_template_has_every_translatable_text(self):
        missing = sorted(
            self.tool.addon_terms(self.env) - self._msgids(f"{MODULE}.pot")
        )
        self.assertEqual(
            missing,
            [],
            "Texts missing from i18n/protect_engagement.pot: run "
            "`bash tools/i18n_pot.sh` (make pot) to bring it up to date.",
        )

    def test_template_reads_terms_of_the_code(self):
        # A text only the Python code holds, to show the code is read.
        self.assertIn(
            "Annual CPD target (hours): a target cannot be negative.",
            self.tool.addon_terms(self.env),
        )

    def _demo_event_name(self):
        """The name of the first CPD event of the demo files."""
        manifest = Manifest.for_addon(MODULE)
        for demo_file in manifest["demo"]:
            tree = etree.parse(os.path.join(manifest.path, demo_file))
            for name in tree.iterfind(
                ".//record[@model='event.event']/field[@name='name']"
            ):
                return name.text
        self.skipTest("no CPD event in the demo files")

    def test_template_leaves_out_the_demo_story(self):
        self.assertNotIn(self._demo_event_name(), self.tool.addon_terms(self.env))

    def test_uk_english_translates_only_texts_of_the_template(self):
        stale = sorted(self._msgids("en_GB.po") - self._msgids(f"{MODULE}.pot"))
        self.assertEqual(stale, [])

    def test_uk_english_labels_read_colour(self):
        field = self.env["ir.model.fields"]._get("protect.engagement.type", "color")
        self.assertEqual(field.with_context(lang="en_GB").field_description, "Colour")
