-- The two roles of a council's shared sfconf store, run by the database owner after the
-- first `sfconf --db postgresql://OWNER@HOST/sfconf list` has made the tables.
-- Chairs change everything and approve records; minute-takers change a meeting's content
-- but cannot approve (the database refuses: no INSERT on conference_record, and a trigger
-- refuses to set a conference to "finalised" unless the login is a chair).
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sfconf_chairs') THEN
    CREATE ROLE sfconf_chairs NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sfconf_minute_takers') THEN
    CREATE ROLE sfconf_minute_takers NOLOGIN;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO sfconf_chairs, sfconf_minute_takers',
                 current_database());
END $$;

GRANT USAGE ON SCHEMA public TO sfconf_chairs, sfconf_minute_takers;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sfconf_chairs;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sfconf_minute_takers;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sfconf_chairs, sfconf_minute_takers;
REVOKE INSERT, UPDATE, DELETE ON conference_record FROM sfconf_minute_takers;

CREATE OR REPLACE FUNCTION sfconf_only_chairs_finalise() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'finalised' AND OLD.status IS DISTINCT FROM 'finalised'
     AND NOT pg_has_role(session_user, 'sfconf_chairs', 'MEMBER') THEN
    RAISE EXCEPTION USING ERRCODE = '42501',
      MESSAGE = 'only a chair can approve a record';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS conference_only_chairs_finalise ON conference;
CREATE TRIGGER conference_only_chairs_finalise BEFORE UPDATE ON conference
  FOR EACH ROW EXECUTE FUNCTION sfconf_only_chairs_finalise();
