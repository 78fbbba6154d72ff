-- Identity is where tenancy starts, so some of its rows are seen across organizations by the user
-- they belong to: a user's own memberships (to sign in and switch organization), the
-- organizations they are a member of, and invitations sent to their address (to accept them).
-- Those tables get their own policies first; the standard block below covers the rest.
DO $$ BEGIN
  CREATE ROLE plaza_tenant NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

ALTER TABLE "Membership" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Membership" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_or_own ON "Membership"
  USING ("organizationId" = current_setting('plaza.organization_id', true) OR "userId" = current_setting('plaza.user_id', true))
  WITH CHECK ("organizationId" = current_setting('plaza.organization_id', true) OR "userId" = current_setting('plaza.user_id', true));

ALTER TABLE "Organization" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Organization" FORCE ROW LEVEL SECURITY;
CREATE POLICY member_reads ON "Organization" FOR SELECT
  USING ("id" = current_setting('plaza.organization_id', true)
         OR "id" IN (SELECT m."organizationId" FROM "Membership" m WHERE m."userId" = current_setting('plaza.user_id', true)));
-- Any signed-in user may found an organization; its owner membership follows in the same transaction.
CREATE POLICY signed_in_founds ON "Organization" FOR INSERT WITH CHECK (current_setting('plaza.user_id', true) <> '');
CREATE POLICY tenant_changes ON "Organization" FOR UPDATE USING ("id" = current_setting('plaza.organization_id', true));
CREATE POLICY tenant_deletes ON "Organization" FOR DELETE USING ("id" = current_setting('plaza.organization_id', true));

ALTER TABLE "Invitation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Invitation" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_or_addressee ON "Invitation"
  USING ("organizationId" = current_setting('plaza.organization_id', true)
         OR "email" = (SELECT u."email" FROM "User" u WHERE u."id" = current_setting('plaza.user_id', true)))
  WITH CHECK ("organizationId" = current_setting('plaza.organization_id', true)
              OR "email" = (SELECT u."email" FROM "User" u WHERE u."id" = current_setting('plaza.user_id', true)));

-- A change to the user (a new name) is an event of each of their organizations.
ALTER TABLE "OutboxEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OutboxEvent" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_or_own_organizations ON "OutboxEvent"
  USING ("organizationId" = current_setting('plaza.organization_id', true)
         OR "organizationId" IN (SELECT m."organizationId" FROM "Membership" m WHERE m."userId" = current_setting('plaza.user_id', true)))
  WITH CHECK ("organizationId" = current_setting('plaza.organization_id', true)
              OR "organizationId" IN (SELECT m."organizationId" FROM "Membership" m WHERE m."userId" = current_setting('plaza.user_id', true)));

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
