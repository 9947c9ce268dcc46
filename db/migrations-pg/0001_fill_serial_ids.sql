-- drizzle renders queries once, in SQLite's dialect, where an insert that leaves an
-- autoincrement id out says `null`; PostgreSQL then takes the id from its sequence here.
CREATE FUNCTION cloudscope_fill_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := nextval(pg_get_serial_sequence(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, 'id'));
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER cloud_fill_id BEFORE INSERT ON "cloud" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER poll_log_fill_id BEFORE INSERT ON "poll_log" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER vm_fill_id BEFORE INSERT ON "vm" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER vm_event_fill_id BEFORE INSERT ON "vm_event" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER action_fill_id BEFORE INSERT ON "action" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER action_item_fill_id BEFORE INSERT ON "action_item" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER audit_log_fill_id BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
--> statement-breakpoint
CREATE TRIGGER site_param_version_fill_id BEFORE INSERT ON "site_param_version" FOR EACH ROW EXECUTE FUNCTION cloudscope_fill_id();
