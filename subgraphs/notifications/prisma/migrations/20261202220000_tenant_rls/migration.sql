-- Row-level security for every tenant table of this database: a row is visible and writable
-- only inside the organization the transaction entered (set_config('plaza.organization_id')),
-- for the role tenant requests run as (plaza_tenant: not the owner, not a superuser).
-- Migrations, the outbox relay and demo seeds run as the owner and cross organizations.
-- A subgraph copies this file into a migration (`pnpm migrate:create tenant_rls`, then paste)
-- and again whenever it adds a table with an "organizationId" column; a test fails until it does.
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

-- Background jobs act organization by organization, inside each one's scope. These two
-- functions are the only reads across organizations, and they return organization ids only:
-- SECURITY DEFINER runs them as the owner, who is not bound by the policies.
CREATE FUNCTION plaza_organizations_with_due_deliveries(due_at timestamp(3)) RETURNS TABLE ("organizationId" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT d."organizationId" FROM "NotificationDelivery" d WHERE d."status" = 'PENDING' AND d."nextAttemptAt" <= due_at
  $$;
CREATE FUNCTION plaza_organizations_with_expired_notifications(expired_at timestamp(3)) RETURNS TABLE ("organizationId" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT n."organizationId" FROM "Notification" n WHERE n."expiresAt" <= expired_at
  $$;
REVOKE ALL ON FUNCTION plaza_organizations_with_due_deliveries(timestamp) FROM PUBLIC;
REVOKE ALL ON FUNCTION plaza_organizations_with_expired_notifications(timestamp) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plaza_organizations_with_due_deliveries(timestamp) TO plaza_tenant;
GRANT EXECUTE ON FUNCTION plaza_organizations_with_expired_notifications(timestamp) TO plaza_tenant;
