// Type-checked by tests/test_typescript.py against generated/cortex/types.ts (tsc --strict --noEmit).
// Every result is assigned to an explicitly typed variable, so a wrong generated type does not compile.
import { createClient } from "@supabase/supabase-js"
import { Constants } from "../generated/cortex/types"
import type { Database, Json, Tables, TablesInsert, TablesUpdate } from "../generated/cortex/types"

const supabase = createClient<Database>("http://localhost:54321", "public-anon-key")

export async function usage(): Promise<void> {
  // a many-to-one embed through messages.conversation_id (nullable, so the conversation may be null)
  const { data: messages, error } = await supabase
    .from("messages")
    .select("id, role, content, metadata, conversations(title)")
    .order("created_at")
  if (error) throw error
  const picked: {
    id: string
    role: string
    content: string
    metadata: { [key: string]: Json | undefined } | null
    conversations: { title: string } | null
  }[] = messages

  const { data: experts } = await supabase.from("domain_experts").select("*").eq("is_active", true)
  const rows: Tables<"domain_experts">[] | null = experts
  const capability: Json | undefined = rows?.[0]?.capabilities?.["search"]

  // only the required columns
  const user: TablesInsert<"users"> = { email: "ada@example.com" }
  const { data: inserted } = await supabase.from("users").insert(user).select("id, is_active").single()
  const created: { id: string; is_active: boolean | null } | null = inserted
  await supabase.from("user_workspace_access").insert({ user_id: "u", workspace_id: "w", role: "owner" })
  await supabase.from("domain_expert_tools").insert({ name: "search" })
  await supabase.from("memory_items").insert({ item_type: "note" })

  const update: TablesUpdate<"conversations"> = { title: "Renamed", metadata: { pinned: true }, workspace_id: null }
  const { data: renamed } = await supabase.from("conversations").update(update).eq("id", "c").select("id, title")
  const titles: { id: string; title: string }[] | null = renamed

  const enums: {} = Constants.public.Enums
  console.log(picked, capability, created, titles, enums)
}
