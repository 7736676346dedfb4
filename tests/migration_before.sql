-- Run by tools/test_migration.sh on the database of the previous version, just
-- before the upgrade: what tests/test_migration.py compares the upgraded
-- database with. Tables named protect_test_mig_* are left alone by Odoo.

-- 19.0.1.1.0: sector groups were codes on sectors, copied to stakeholders.
CREATE TABLE protect_test_mig_sector AS
    SELECT id, COALESCE(coverage_group, 'other') AS code FROM protect_sector;

CREATE TABLE protect_test_mig_partner AS
    SELECT p.id, COALESCE(s.coverage_group, 'other') AS code
      FROM res_partner p
 LEFT JOIN protect_sector s ON s.id = p.protect_sector_id
     WHERE p.protect_stakeholder;

-- The coverage figures per sector group, counted as the coverage lines did.
CREATE TABLE protect_test_mig_coverage AS
    SELECT COALESCE(s.coverage_group, 'other') AS code,
           count(DISTINCT r.engagement_id) AS engagements,
           count(*) AS lines
      FROM protect_engagement_partner_rel r
      JOIN protect_engagement e ON e.id = r.engagement_id
      JOIN res_partner c ON c.id = r.partner_id
      JOIN res_partner o ON o.id = c.commercial_partner_id
 LEFT JOIN protect_sector s ON s.id = o.protect_sector_id
     WHERE e.state = 'done' AND e.active AND o.protect_stakeholder
  GROUP BY 1;
