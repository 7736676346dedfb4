"""The addon's translation template, i18n/protect_engagement.pot.

Run it with ``bash tools/i18n_pot.sh`` (through Odoo's shell, on a database with
the addon installed). tests/test_i18n.py reads the same terms and fails when one
is missing from the template.

The terms are those Odoo's own export finds: ``_()`` and ``env._()`` in Python,
``_t()`` in JavaScript and the QWeb templates under static/src, and the
translatable fields of the addon's records (views, menus, actions, fields,
selections, data). Two differences: only the addon's own source folders are
scanned (``build/`` inside the repository links back to the addon, which Odoo's
export would walk into again and again; ``tests/``, ``tools/`` and
``migrations/`` hold no user-facing text), and records of the demo files are
left out (the template is the product's, not its demo story's).
"""

import io
import os

from lxml import etree

from odoo.modules import Manifest
from odoo.tools.translate import (
    JAVASCRIPT_TRANSLATION_COMMENT,
    PYTHON_TRANSLATION_COMMENT,
    TranslationFileWriter,
    TranslationModuleReader,
)

MODULE = "protect_engagement"
POT_PATH = os.path.join("i18n", f"{MODULE}.pot")
# Folders of the repository that are not part of the running addon.
SKIPPED_FOLDERS = {"build", "tests", "tools", "migrations", "i18n", "doc", ".git"}


def demo_xml_ids(addon_path, demo_files):
    """The full external ids of the records the demo files define."""
    ids = set()
    for demo_file in demo_files:
        tree = etree.parse(os.path.join(addon_path, demo_file))
        for node in tree.iterfind(".//*[@id]"):
            if node.tag in ("record", "menuitem", "template"):
                xml_id = node.get("id")
                ids.add(xml_id if "." in xml_id else f"{MODULE}.{xml_id}")
    return ids


class AddonTermReader(TranslationModuleReader):
    """Odoo's term reader, on this addon's own folders and without its demo."""

    def __init__(self, cr):
        manifest = Manifest.for_addon(MODULE)
        # The addon as Odoo sees it (the path under the addons path, not the
        # folder it links to): terms are filed under addons/<module>/...
        self._addon_path = manifest.path
        self._demo_ids = demo_xml_ids(manifest.path, manifest.get("demo", []))
        super().__init__(cr, modules=[MODULE])

    def _push_translation(self, module, ttype, name, res_id, source, *args, **kw):
        if ttype in ("model", "model_terms") and res_id in self._demo_ids:
            return
        super()._push_translation(module, ttype, name, res_id, source, *args, **kw)

    def _export_translatable_resources(self):
        addons_dir = os.path.dirname(self._addon_path)
        self._path_list = [(addons_dir, True)]
        for root, folders, files in os.walk(self._addon_path):
            if root == self._addon_path:
                folders[:] = [f for f in folders if f not in SKIPPED_FOLDERS]
            for name in sorted(files):
                self._extract_file(addons_dir, root, name)

    def _extract_file(self, addons_dir, root, name):
        in_static_src = f"{os.sep}static{os.sep}src" in root
        if name.endswith(".py"):
            self._babel_extract_terms(
                name,
                addons_dir,
                root,
                "odoo.tools.babel:extract_python",
                extra_comments=[PYTHON_TRANSLATION_COMMENT],
                extract_keywords={"_": None, "_lt": None},
            )
        elif in_static_src and name.endswith(".js"):
            self._babel_extract_terms(
                name,
                addons_dir,
                root,
                "odoo.tools.babel:extract_javascript",
                extra_comments=[JAVASCRIPT_TRANSLATION_COMMENT],
                extract_keywords={"_t": None},
            )
        elif in_static_src and name.endswith(".xml"):
            self._babel_extract_terms(
                name,
                addons_dir,
                root,
                "odoo.tools.translate:babel_extract_qweb",
                extra_comments=[JAVASCRIPT_TRANSLATION_COMMENT],
            )


def addon_terms(env):
    """The source terms of the addon (a set of strings)."""
    return {row[4] for row in AddonTermReader(env.cr)}


def pot_content(env):
    """The text of the translation template."""
    buffer = io.BytesIO()
    writer = TranslationFileWriter(buffer, fileformat="po", lang=None)
    writer.write_rows(AddonTermReader(env.cr))
    return buffer.getvalue()


def write_pot(env):
    path = os.path.join(Manifest.for_addon(MODULE).path, POT_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as pot:
        pot.write(pot_content(env))
    return path
