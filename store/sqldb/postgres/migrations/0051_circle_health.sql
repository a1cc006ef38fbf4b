-- Mentoring circles (issue 18), like pairings on the admin dashboard:
-- *Mark handled* takes an at-risk circle off *Needs attention* until
-- someone in it answers Need help again (handled_at, handled_by). A circle
-- may belong to a program (picked when it is created) and closes with it
-- (docs/circles.md).
ALTER TABLE circles ADD COLUMN handled_at TIMESTAMP;
ALTER TABLE circles ADD COLUMN handled_by TEXT NOT NULL DEFAULT '';
ALTER TABLE circles ADD COLUMN program_id BIGINT REFERENCES programs (id);
CREATE INDEX circles_program ON circles (program_id, status);
