-- A person's program memberships by person (a status or profile looks up
-- one participant; the primary key starts with the program).
CREATE INDEX program_members_participant ON program_members (participant_id);
