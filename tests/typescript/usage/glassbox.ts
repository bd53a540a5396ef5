// Type-checked by tests/test_typescript.py against generated/glassbox/types.ts (tsc --strict --noEmit).
// Every result is assigned to an explicitly typed variable, so a wrong generated type does not compile.
import { createClient } from "@supabase/supabase-js"
import { Constants } from "../generated/glassbox/types"
import type { Database, Json, NodesPosition, Tables, TablesInsert, TablesUpdate } from "../generated/glassbox/types"

const supabase = createClient<Database>("http://localhost:54321", "public-anon-key")

export async function usage(): Promise<void> {
  // typed JSONB columns and a many-to-one embed through nodes.project_id (NOT NULL)
  const { data: nodes, error } = await supabase
    .from("nodes")
    .select("id, title, position, metadata, version, projects(name, workflow_states)")
    .is("deleted_at", null)
  if (error) throw error
  const picked: {
    id: string
    title: string
    position: NodesPosition | null
    metadata: Tables<"nodes">["metadata"]
    version: number | null
    projects: { name: string; workflow_states: string[] | null }
  }[] = nodes
  const x: number | undefined = picked[0]?.position?.x
  const tags: string[] | undefined = picked[0]?.metadata?.tags

  const { data: files } = await supabase.from("files").select("*").eq("processing_status", "completed")
  const rows: Tables<"files">[] | null = files
  const embedding: number[] | null | undefined = rows?.[0]?.embedding

  // only the required columns
  const org: TablesInsert<"organizations"> = { name: "Acme", slug: "acme" }
  const { data: created } = await supabase.from("organizations").insert(org).select("id, settings").single()
  const settings: { defaultModel?: string; allowedModels?: string[] } | null | undefined = created?.settings
  await supabase.from("nodes").insert({ org_id: "o", project_id: "p", title: "Research", author_type: "human" })
  await supabase.from("agent_trace_events").insert({ execution_id: "e", event_type: "llm_call", event_data: { a: 1 } })
  await supabase.from("files").insert({ org_id: "o", storage_key: "k", storage_bucket: "b", filename: "f.pdf" })

  const update: TablesUpdate<"nodes"> = { position: { x: 10, y: 20 }, metadata: { priority: "high" }, locked_by: null }
  const { data: moved } = await supabase.from("nodes").update(update).eq("id", "n").select("id, position")
  const positions: { id: string; position: NodesPosition | null }[] | null = moved

  const { data: executions } = await supabase.from("agent_executions").select("id, trace_summary, estimated_cost_usd")
  const traces: { id: string; trace_summary: Json[] | null; estimated_cost_usd: number | null }[] | null = executions

  const enums: {} = Constants.public.Enums
  console.log(x, tags, embedding, settings, positions, traces, enums)
}
