// Type-checked by tests/test_typescript.py against generated/cortexos/types.ts (tsc --strict --noEmit).
// Every result is assigned to an explicitly typed variable, so a wrong generated type does not compile.
import { createClient } from "@supabase/supabase-js"
import { Constants } from "../generated/cortexos/types"
import type { Database, Json, Tables, TablesInsert, TablesUpdate } from "../generated/cortexos/types"

const supabase = createClient<Database>("http://localhost:54321", "public-anon-key")

export async function usage(): Promise<void> {
  // a many-to-one embed through memories.user_id (NOT NULL, so the user is never null)
  const { data: memories, error } = await supabase
    .from("memories")
    .select("id, content, embedding, score, metadata, users(username)")
    .order("created_at", { ascending: false })
  if (error) throw error
  const picked: {
    id: number
    content: string
    embedding: number[] | null
    score: number | null
    metadata: Json
    users: { username: string }
  }[] = memories

  const { data: tasks } = await supabase.from("tasks").select("*").eq("status", "pending")
  const rows: Tables<"tasks">[] | null = tasks
  const parent: number | null | undefined = rows?.[0]?.parent_task_id

  // only the required columns: serial ids, uuids, timestamps and statuses have defaults
  const user: TablesInsert<"users"> = { username: "ada" }
  const { data: inserted } = await supabase.from("users").insert(user).select("id, uuid").single()
  const ids: { id: number; uuid: string } | null = inserted
  await supabase.from("memories").insert({ content: "remember", user_id: 1, embedding: [0.1, 0.2] })
  await supabase.from("tasks").insert({ goal: "ship" })
  await supabase.from("steps").insert({ task_id: 1, action: "plan" })
  await supabase.from("logs").insert({ action: "login" })

  const update: TablesUpdate<"steps"> = { status: "done", retry_count: 1, error: null }
  const { data: steps } = await supabase.from("steps").update(update).eq("id", 1).select("id, status")
  const changed: { id: number; status: string }[] | null = steps

  // functions other than triggers
  const { data: me } = await supabase.rpc("app_user_id")
  const userId: number | null = me
  const { data: master } = await supabase.rpc("app_is_master")
  const isMaster: boolean | null = master

  const enums: {} = Constants.public.Enums
  console.log(picked, parent, ids, changed, userId, isMaster, enums)
}
