import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .protect_sensitivity_mixin import OPEN_MARKING, SENSITIVITY_SELECTION

DISCLOSURE_KINDS = [
    ("pdf", "PDF printed"),
    ("export", "Export downloaded"),
    ("list_export", "List export"),
    ("email", "E-mail sent"),
    ("anonymisation", "Anonymisation"),
    ("subject_access", "Subject access request"),
]
# What the first row chains to.
GENESIS_HASH = "0" * 64
# The key of the transaction lock that serialises appends to the chain
# (any fixed 64-bit number; this one spells "PEDISCLO" in ASCII).
CHAIN_LOCK_KEY = 0x5045444953434C4F
# The one-row table holding the head of the chain (last id and hash).
HEAD_TABLE = "protect_disclosure_log_head"
# The fields a row's hash covers, in this order.
HASHED_FIELDS = (
    "reference",
    "user_id",
    "date",
    "kind",
    "name",
    "res_model",
    "res_ids",
    "filters",
    "record_count",
    "marking",
    "content_hash",
    "previous_hash",
)
# Set only by ``_protect_record``: the one way rows are made.
RECORD_CONTEXT_KEY = "protect_disclosure_log_record"


def _canonical(values):
    """The bytes a row's hash is computed over: its hashed fields as compact
    JSON, keys sorted, empty texts as null, the date as UTC text to the
    second, ids and counts as numbers."""
    data = {}
    for name in HASHED_FIELDS:
        value = values.get(name)
        if isinstance(value, models.BaseModel):
            value = value.id
        if name == "date":
            value = fields.Datetime.to_string(value) if value else None
        elif name in ("user_id", "record_count"):
            value = int(value or 0)
        else:
            value = value or None
        data[name] = value
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def row_hash(values):
    """SHA-256 (hex) of a row's canonical serialisation."""
    return hashlib.sha256(_canonical(values)).hexdigest()


class ProtectDisclosureLog(models.Model):
    """One thing that left the system: a PDF printed, an export downloaded, a
    list exported, an e-mail sent, an anonymisation or a subject access
    request, kept for good.

    Rows form a hash chain: each row's ``row_hash`` covers its own fields and
    the previous row's hash, so a row altered or deleted behind the ORM's back
    breaks the chain at that point (see ``action_protect_verify``). Nobody
    changes or deletes a row but the superuser; rows are created only by
    ``_protect_record``. Protect administrators read the rows whose marking
    their vetting clears.
    """

    _name = "protect.disclosure.log"
    _description = "Disclosure log"
    _order = "id desc"
    _rec_name = "reference"
    _protect_vetted = True
    _protect_marking_field = "marking"

    # Indexed by its unique constraint.
    reference = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    kind = fields.Selection(DISCLOSURE_KINDS, required=True, readonly=True)
    name = fields.Char(string="What", required=True, readonly=True)
    res_model = fields.Char(string="Model", readonly=True)
    res_ids = fields.Text(
        string="Record ids", readonly=True, help="JSON list of the record ids."
    )
    filters = fields.Text(readonly=True, help="JSON of the options used.")
    record_count = fields.Integer(string="Records", readonly=True)
    marking = fields.Selection(
        SENSITIVITY_SELECTION,
        required=True,
        readonly=True,
        default=OPEN_MARKING,
        index=True,
        help="The highest marking of what was disclosed.",
    )
    content_hash = fields.Char(
        string="Content hash", readonly=True, help="SHA-256 of what left."
    )
    previous_hash = fields.Char(string="Previous hash", readonly=True)
    row_hash = fields.Char(string="Row hash", readonly=True)

    _reference_unique = models.Constraint(
        "UNIQUE(reference)", "Reference: each disclosure has its own reference."
    )

    def init(self):
        # The head of the chain, updated with each append: a transaction whose
        # snapshot predates another's append fails to update it (serialisation
        # failure, retried by Odoo) instead of forking the chain.
        self.env.cr.execute(
            SQL(
                "CREATE TABLE IF NOT EXISTS %s ("
                " id integer PRIMARY KEY, last_id integer, last_hash varchar)",
                SQL.identifier(HEAD_TABLE),
            )
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (id, last_id, last_hash)"
                " SELECT 1, id, row_hash FROM ("
                "  SELECT id, row_hash FROM protect_disclosure_log"
                "  UNION ALL SELECT NULL, %s ORDER BY id DESC NULLS LAST LIMIT 1"
                " ) AS last ON CONFLICT (id) DO NOTHING",
                SQL.identifier(HEAD_TABLE),
                GENESIS_HASH,
            )
        )

    # ------------------------------------------------------------ the API

    @api.model
    def _protect_next_reference(self):
        """A new disclosure reference, e.g. PE-2026-000123."""
        sequence = self.env.ref(
            "protect_engagement.seq_protect_disclosure_log", raise_if_not_found=False
        )
        # sudo (2): the reference sequence is bookkeeping any user's print
        # or export takes a number from.
        if sequence:
            return sequence.sudo().next_by_id()
        # sudo (2): as above, the sequence found by its code.
        return self.env["ir.sequence"].sudo().next_by_code(self._name)

    @api.model
    def _protect_record(
        self,
        kind,
        name,
        content=b"",
        reference=None,
        res_model=None,
        res_ids=(),
        filters=None,
        record_count=None,
        marking=OPEN_MARKING,
    ):
        """Log that ``content`` left the system: bytes, a binary file object
        (read to its end) or JSON-able rows (hashed as their JSON); hashed,
        never kept.

        Called in the user's environment; the row names the real user even
        when the environment is sudo'ed. Returns the row (as superuser).
        """
        digest = hashlib.sha256()
        if hasattr(content, "read"):
            # A file object (a large export): hashed in chunks.
            for chunk in iter(lambda: content.read(1 << 20), b""):
                digest.update(chunk)
        elif isinstance(content, list | dict):
            # Rows (a list export): hashed as their JSON.
            digest.update(json.dumps(content, default=str).encode())
        else:
            digest.update(content.encode() if isinstance(content, str) else content)
        ids = [int(i) for i in (res_ids or ())]
        vals = {
            "reference": reference or self._protect_next_reference(),
            "user_id": self.env.uid,
            "kind": kind,
            "name": name,
            "res_model": res_model or False,
            "res_ids": json.dumps(ids) if ids else False,
            "filters": (
                json.dumps(filters, sort_keys=True, default=str)
                if filters is not None
                else False
            ),
            "record_count": len(ids) if record_count is None else record_count,
            "marking": marking or OPEN_MARKING,
            "content_hash": digest.hexdigest(),
        }
        # sudo (2): the log is bookkeeping of what the user was allowed to
        # take out; nobody holds the right to create rows by hand.
        return self.sudo().with_context(**{RECORD_CONTEXT_KEY: True}).create(vals)

    # ------------------------------------------------------------ the chain

    @api.model_create_multi
    def create(self, vals_list):
        # Rows come from ``_protect_record`` (which runs as superuser); a
        # context key alone, which a client can send, still meets the access
        # rights, which grant nobody the right to create.
        if not (self.env.su or self.env.context.get(RECORD_CONTEXT_KEY)):
            raise UserError(
                self.env._(
                    "Disclosure log: rows are written by the system when "
                    "something leaves it, never by hand."
                )
            )
        self.browse().check_access("create")
        previous = self._protect_lock_chain()
        records = self.browse()
        for vals in vals_list:
            vals = dict(vals, previous_hash=previous)
            vals.setdefault("date", fields.Datetime.now())
            vals.setdefault("marking", OPEN_MARKING)
            vals["date"] = fields.Datetime.to_datetime(vals["date"]).replace(
                microsecond=0
            )
            vals["row_hash"] = row_hash(vals)
            record = super().create([vals])
            records |= record
            previous = vals["row_hash"]
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (id, last_id, last_hash) VALUES (1, %s, %s)"
                    " ON CONFLICT (id) DO UPDATE"
                    " SET last_id = EXCLUDED.last_id,"
                    " last_hash = EXCLUDED.last_hash",
                    SQL.identifier(HEAD_TABLE),
                    record.id,
                    previous,
                )
            )
        return records

    @api.model
    def _protect_lock_chain(self):
        """Take the chain for this transaction; return the hash to chain to.

        The advisory lock makes concurrent appends wait for each other; the
        head row, locked and updated with each append, makes a transaction
        whose snapshot predates another's append fail (and be retried by
        Odoo) rather than chain to the same previous row.
        """
        cr = self.env.cr
        # One statement: the lock, then the head (whichever is taken first,
        # every append takes both in the same order).
        cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(%s), EXISTS(%s), (%s)",
                CHAIN_LOCK_KEY,
                SQL("SELECT FROM %s WHERE id = 1", SQL.identifier(HEAD_TABLE)),
                SQL(
                    "SELECT last_hash FROM %s WHERE id = 1 FOR UPDATE",
                    SQL.identifier(HEAD_TABLE),
                ),
            )
        )
        _locked, has_head, last_hash = cr.fetchone()
        if has_head:
            return last_hash
        cr.execute(
            SQL(
                "SELECT row_hash FROM %s ORDER BY id DESC LIMIT 1",
                SQL.identifier(self._table),
            )
        )
        last = cr.fetchone()
        return last[0] if last else GENESIS_HASH

    # ------------------------------------------------------------ verifying

    @api.model
    def _protect_verify(self, batch_size=5000):
        """Walk the whole chain in id order; return (intact, message).

        Each row's hash is computed again from its fields, and its link to
        the row before it checked; the chain's head must be the last row.
        Reads the table itself, as it is in the database.
        """
        self.flush_model()
        cr = self.env.cr
        columns = SQL(", ").join(
            SQL.identifier(name) for name in ("id", *HASHED_FIELDS, "row_hash")
        )
        previous, previous_id, position, last_id = GENESIS_HASH, None, 0, 0
        while True:
            cr.execute(
                SQL(
                    "SELECT %s FROM %s WHERE id > %s ORDER BY id LIMIT %s",
                    columns,
                    SQL.identifier(self._table),
                    last_id,
                    batch_size,
                )
            )
            rows = cr.dictfetchall()
            for row in rows:
                position += 1
                reason = None
                if row_hash(row) != row["row_hash"]:
                    reason = self.env._("row changed")
                elif row["previous_hash"] != previous:
                    reason = self.env._("row before it missing")
                if reason:
                    return False, self.env._(
                        "The chain breaks at %(reference)s (row %(position)s): "
                        "%(reason)s.",
                        reference=row["reference"],
                        position=position,
                        reason=reason,
                    )
                previous, previous_id = row["row_hash"], row["id"]
            if len(rows) < batch_size:
                break
            last_id = rows[-1]["id"]
        cr.execute(
            SQL(
                "SELECT last_id, last_hash FROM %s WHERE id = 1",
                SQL.identifier(HEAD_TABLE),
            )
        )
        head = cr.fetchone()
        if head and (head[0], head[1]) != (previous_id, previous):
            return False, self.env._(
                "The chain breaks at its end, after row %(position)s: "
                "rows after it missing.",
                position=position,
            )
        return True, self.env._(
            "The log is intact: %(count)s rows checked.", count=position
        )

    def action_protect_verify(self):
        """Verify log: check the whole chain, whatever rows are selected, and
        say whether it is intact or where it breaks."""
        if not self.env.user.has_group("protect_engagement.group_admin"):
            raise AccessError(
                self.env._(
                    "Disclosure log: only Protect administrators verify the log."
                )
            )
        # sudo (1): to decide, the outcome is a message, not rows.
        intact, message = self.sudo()._protect_verify()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if intact else "danger",
                "title": self.env._("Disclosure log"),
                "message": message,
                "sticky": not intact,
            },
        }

    def write(self, vals):
        # Refused before the access rights are checked, to say why.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Disclosure log: a row is a permanent record of what left "
                    "the system and cannot be modified."
                )
            )
        return super().write(vals)

    def unlink(self):
        # Refused before the access rights are checked, to say why (an ondelete
        # method would come after them and only give "access denied").
        if not self.env.su:
            raise UserError(  # pylint: disable=no-raise-unlink
                self.env._(
                    "Disclosure log: a row is a permanent record of what left "
                    "the system and cannot be deleted."
                )
            )
        return super().unlink()
