"""Pure-Python tests for tools/check_static.py (no Odoo needed).

Run: python3 -m pytest -p no:odoo tools/tests
"""

import importlib.util
import sys
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "check_static", Path(__file__).resolve().parent.parent / "check_static.py"
)
check_static = importlib.util.module_from_spec(SPEC)
sys.modules["check_static"] = check_static  # dataclasses look the module up
SPEC.loader.exec_module(check_static)

MANIFEST = """{
    "name": "Protect Engagement",
    "version": "19.0.1.0.0",
    "license": "LGPL-3",
    "depends": ["mail"],
    "data": ["security/security.xml", "security/ir.model.access.csv"],
    "demo": [],
}"""
SECURITY = """<?xml version="1.0"?>
<odoo><record model="res.groups" id="group_officer"><field name="name">O</field>
</record></odoo>"""
MODEL = """from odoo import fields, models
class ProtectSector(models.Model):
    _name = "protect.sector"
    _description = "Sector"
    name = fields.Char()
class ResPartner(models.Model):
    _inherit = "res.partner"
class ProtectMixin(models.AbstractModel):
    _name = "protect.mixin"
    _description = "Mixin"
"""
ACCESS_HEADER = (
    "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n"
)
ACCESS_OK = (
    ACCESS_HEADER + "access_sector,sector,model_protect_sector,group_officer,1,1,1,1\n"
)


def make_addon(tmp_path, access=ACCESS_OK, manifest=MANIFEST, security=SECURITY):
    root = tmp_path / "protect_engagement"
    (root / "models").mkdir(parents=True)
    (root / "security").mkdir()
    (root / "__init__.py").write_text("from . import models\n")
    (root / "__manifest__.py").write_text(manifest)
    (root / "models" / "__init__.py").write_text("from . import sector\n")
    (root / "models" / "sector.py").write_text(MODEL)
    (root / "security" / "security.xml").write_text(security)
    (root / "security" / "ir.model.access.csv").write_text(access)
    return root


def run(root, capsys):
    code = check_static.main(["check_static.py", str(root)])
    return code, capsys.readouterr().out


def test_valid_addon_passes(tmp_path, capsys):
    code, out = run(make_addon(tmp_path), capsys)
    assert code == 0, out
    assert "0 error(s)" in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "a2,x,model_protect_nothing,group_officer,1,0,0,0",
            "no model 'protect_nothing'",
        ),
        (
            "a2,x,model_protect_sector,group_ghost,1,0,0,0",
            "'group_ghost' is not a res.groups",
        ),
        (
            "a2,x,model_protect_sector,hr.group_hr_user,1,0,0,0",
            "'hr' is not in depends",
        ),
        ("access_sector,x,model_protect_sector,,1,0,0,0", "duplicate id"),
        ("a2,x,model_protect_sector,,yes,0,0,0", "perm_read must be 0 or 1"),
    ],
)
def test_bad_access_line_is_an_error(tmp_path, capsys, line, message):
    code, out = run(make_addon(tmp_path, access=ACCESS_OK + line + "\n"), capsys)
    assert code == 1
    assert message in out


def test_extended_and_base_models_and_groups_are_accepted(tmp_path, capsys):
    access = ACCESS_OK + (
        "a2,x,model_res_partner,base.group_user,1,0,0,0\n"
        "a3,x,mail.model_mail_activity,protect_engagement.group_officer,1,0,0,0\n"
    )
    code, out = run(make_addon(tmp_path, access=access), capsys)
    assert code == 0, out


def test_model_without_access_line_is_an_error(tmp_path, capsys):
    code, out = run(make_addon(tmp_path, access=ACCESS_HEADER), capsys)
    assert code == 1
    assert "no access line for model 'protect.sector'" in out
    assert "protect.mixin" not in out  # abstract models need none


def test_missing_data_file_is_an_error(tmp_path, capsys):
    manifest = MANIFEST.replace('"demo": []', '"demo": ["demo/missing_demo.xml"]')
    code, out = run(make_addon(tmp_path, manifest=manifest), capsys)
    assert code == 1
    assert "'demo/missing_demo.xml' does not exist" in out


def test_malformed_xml_is_an_error(tmp_path, capsys):
    code, out = run(make_addon(tmp_path, security="<odoo><record></odoo>"), capsys)
    assert code == 1
    assert "malformed XML" in out


def test_bad_version_is_an_error(tmp_path, capsys):
    manifest = MANIFEST.replace("19.0.1.0.0", "1.0")
    code, out = run(make_addon(tmp_path, manifest=manifest), capsys)
    assert code == 1
    assert "is not 19.0.x.y.z" in out


def test_unparsable_manifest_is_an_error(tmp_path, capsys):
    code, out = run(make_addon(tmp_path, manifest="{'name': open('x')}"), capsys)
    assert code == 1
    assert "does not parse" in out


def test_sudo_without_a_reason_is_an_error(tmp_path, capsys):
    root = make_addon(tmp_path)
    (root / "models" / "sector.py").write_text(
        MODEL + "\n\ndef names(env):\n    return env['res.partner'].sudo().name\n"
    )
    code, out = run(root, capsys)
    assert code == 1
    assert "models/sector.py:14: sudo() without a '# sudo ...' comment" in out


def test_sudo_with_its_reason_is_accepted(tmp_path, capsys):
    root = make_addon(tmp_path)
    (root / "models" / "sector.py").write_text(
        MODEL
        + "\n\ndef names(env):\n"
        + "    # sudo (1): whether any partner exists decides, nothing is shown.\n"
        + "    return bool(env['res.partner'].sudo().search([], limit=1))\n"
    )
    code, out = run(root, capsys)
    assert code == 0, out
