from odoo import models


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"
    # Attendees who are stakeholders above the user's vetting are hidden by rule.
    _protect_vetted = True
    _protect_marked_mail = True

    def _protect_mail_marking(self):
        # An invitation is about its meeting: it carries the meeting's marking.
        return self.event_id._protect_mail_marking()
