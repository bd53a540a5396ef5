// Type-checked by tests/test_typescript.py against generated/orchestrator/types.ts (tsc --strict --noEmit).
// Every result is assigned to an explicitly typed variable, so a wrong generated type does not compile.
import { createClient } from "@supabase/supabase-js"
import { Constants } from "../generated/orchestrator/types"
import type {
  AgentsLlmConfig,
  Database,
  Json,
  Tables,
  TablesInsert,
  TablesUpdate,
} from "../generated/orchestrator/types"

const supabase = createClient<Database>("http://localhost:54321", "public-anon-key")

export async function usage(): Promise<void> {
  const { data: agents, error } = await supabase
    .from("agents")
    .select("slug, name, organization_slug, tags, llm_config, io_schema")
    .eq("agent_type", "context")
  if (error) throw error
  const picked: {
    slug: string
    name: string
    organization_slug: string[]
    tags: string[] | null
    llm_config: AgentsLlmConfig | null
    io_schema: { input: { type: "object"; required?: string[] }; output: { type: "object" } }
  }[] = agents
  const provider: "anthropic" | "openai" | "google" | "ollama" | undefined = picked[0]?.llm_config?.provider
  const maxTokens: number | undefined = picked[0]?.llm_config?.parameters?.maxTokens

  const { data: all } = await supabase.from("agents").select("*")
  const rows: Tables<"agents">[] | null = all
  const metadata: Json | undefined = rows?.[0]?.metadata?.version_history?.[0]?.["changes"]

  // only the required columns
  const insert: TablesInsert<"agents"> = {
    slug: "blog-post-writer",
    name: "Blog post writer",
    description: "Writes blog posts",
    agent_type: "context",
    department: "marketing",
    io_schema: { input: { type: "object" }, output: { type: "object", properties: { text: { type: "string" } } } },
    capabilities: ["write"],
    context: "You write blog posts.",
  }
  const { data: inserted } = await supabase.from("agents").insert(insert).select("slug, created_at").single()
  const created: { slug: string; created_at: string } | null = inserted

  const update: TablesUpdate<"agents"> = {
    llm_config: { provider: "anthropic", model: "claude-3-5-sonnet-20241022", parameters: { temperature: 0.7 } },
    endpoint: null,
  }
  const { data: updated } = await supabase.from("agents").update(update).eq("slug", "blog-post-writer").select("version")
  const versions: { version: string }[] | null = updated

  const { data: orgs } = await supabase
    .from("organizations")
    .insert({ slug: "acme-corp", name: "Acme" })
    .select("slug, settings")
  const theme: "light" | "dark" | undefined = orgs?.[0]?.settings.theme
  const maxAgents: number | undefined = orgs?.[0]?.settings.limits?.max_agents
  await supabase.from("organizations").update({ settings: { features: ["api-agents"] } }).eq("slug", "acme-corp")

  const enums: { readonly [name: string]: readonly string[] } = Constants.public.Enums
  console.log(provider, maxTokens, metadata, created, versions, theme, maxAgents, enums)
}
