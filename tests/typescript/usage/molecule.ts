// Type-checked by tests/test_typescript.py against generated/molecule/types.ts (tsc --strict --noEmit).
// Every result is assigned to an explicitly typed variable, so a wrong generated type does not compile.
import { createClient } from "@supabase/supabase-js"
import { Constants } from "../generated/molecule/types"
import type { Database, Json, Tables, TablesInsert, TablesUpdate } from "../generated/molecule/types"

const supabase = createClient<Database>("http://localhost:54321", "public-anon-key")

export async function usage(): Promise<void> {
  // a many-to-one embed through activity_logs.workspace_id (NOT NULL)
  const { data: logs, error } = await supabase
    .from("activity_logs")
    .select("id, activity_type, request_body, duration_ms, workspaces(name, agent_card)")
    .limit(10)
  if (error) throw error
  const picked: {
    id: string
    activity_type: string
    request_body: Json | null
    duration_ms: number | null
    workspaces: { name: string; agent_card: Tables<"workspaces">["agent_card"] }
  }[] = logs
  const cardName: string | undefined = picked[0]?.workspaces.agent_card?.name

  const { data: workspaces } = await supabase.from("workspaces").select("*")
  const rows: Tables<"workspaces">[] | null = workspaces
  const tier: number | null | undefined = rows?.[0]?.tier

  // only the required columns (bytea travels as a string)
  const secret: TablesInsert<"workspace_secrets"> = { key: "API_KEY", encrypted_value: "\\x00ff" }
  const { data: stored } = await supabase.from("workspace_secrets").insert(secret).select("id, encrypted_value").single()
  const value: { id: string; encrypted_value: string } | null = stored
  await supabase.from("workspaces").insert({ name: "research" })
  await supabase.from("agents").insert({})
  await supabase.from("canvas_viewport").insert({})

  const update: TablesUpdate<"workspaces"> = { status: "online", agent_card: { name: "Researcher", skills: [] } }
  const { data: changed } = await supabase.from("workspaces").update(update).eq("id", "w").select("id, status")
  const statuses: { id: string; status: string | null }[] | null = changed

  const { data: purged } = await supabase.rpc("purge_expired_activity_logs")
  const count: number | null = purged

  const enums: {} = Constants.public.Enums
  console.log(cardName, tier, value, statuses, count, enums)
}
