-- Row-level security for every tenant table of this database: a row is visible and writable
-- only inside the organization the transaction entered (set_config('plaza.organization_id')),
-- for the role tenant requests run as (plaza_tenant: not the owner, not a superuser).
-- Migrations, the outbox relay and demo seeds run as the owner and cross organizations.
-- @plaza/db runs this script after every subgraph's migrations each time it opens a database:
-- a table with an "organizationId" column gets the policy below unless its migrations gave it
-- policies of their own (identity's do). Idempotent: safe on every start.
DO $$ BEGIN
  CREATE ROLE plaza_tenant NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO plaza_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO plaza_tenant;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO plaza_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO plaza_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO plaza_tenant;
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOR tenant_table IN
    SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND c.column_name = 'organizationId' AND t.table_type = 'BASE TABLE'
       AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.table_name)
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING ("organizationId" = current_setting(''plaza.organization_id'', true)) WITH CHECK ("organizationId" = current_setting(''plaza.organization_id'', true))',
      tenant_table);
  END LOOP;
END $$;
