// The support desk's HTTP calls of contract v2 (agents, search, canned responses): thin
// wrappers of `requestJson`, so that they go through the host's `fetch` like every other
// HTTP call of the client, and fail with the contract's `ChatError`.
import type {
  Agent,
  CannedResponse,
  CreateCannedResponseInput,
  SearchResult,
  UpdateCannedResponseInput,
} from "@switchboard/protocol";
import { requestJson, type HttpConfig } from "./http.ts";

/** What `search` asks for: `GET /api/chat/search`'s query. */
export interface SearchQuery {
  /** The text to find (2 to 200 characters once trimmed), in messages and customers' names. */
  q: string;
  /** Results per page, 1 to 100 (default 50). */
  limit?: number;
  /** The last result's message id of the previous page. */
  before?: string;
}

/** A page of `search`: newest first; `hasMore` when older matching messages exist. */
export interface SearchPage {
  /** The hits: a room, and the message that matched (null when the customer's name did). */
  results: SearchResult[];
  /** Whether older matches exist (ask again with `before`: the last result's message id). */
  hasMore: boolean;
}

const CANNED = "/api/chat/canned-responses";

/** `GET /api/chat/agents`: the team, online first. */
export async function fetchAgents(config: HttpConfig): Promise<Agent[]> {
  const { agents } = await requestJson<{ agents: Agent[] }>(config, "GET", "/api/chat/agents");
  return agents;
}

/** `GET /api/chat/search?q&limit&before`. */
export function fetchSearch(config: HttpConfig, query: SearchQuery): Promise<SearchPage> {
  const params = [`q=${encodeURIComponent(query.q)}`];
  if (query.limit !== undefined) params.push(`limit=${query.limit}`);
  if (query.before !== undefined) params.push(`before=${encodeURIComponent(query.before)}`);
  return requestJson<SearchPage>(config, "GET", `/api/chat/search?${params.join("&")}`);
}

/** `GET /api/chat/canned-responses`, by shortcode. */
export async function fetchCanned(config: HttpConfig): Promise<CannedResponse[]> {
  const answer = await requestJson<{ cannedResponses: CannedResponse[] }>(config, "GET", CANNED);
  return answer.cannedResponses;
}

/** `POST /api/chat/canned-responses`: 201 the new one; a taken shortcode is `CONFLICT`. */
export function postCanned(
  config: HttpConfig,
  input: CreateCannedResponseInput,
): Promise<CannedResponse> {
  return requestJson<CannedResponse>(config, "POST", CANNED, input);
}

/** `PATCH /api/chat/canned-responses/:id`: 200 the changed one. */
export function patchCanned(
  config: HttpConfig,
  id: string,
  change: UpdateCannedResponseInput,
): Promise<CannedResponse> {
  return requestJson<CannedResponse>(
    config,
    "PATCH",
    `${CANNED}/${encodeURIComponent(id)}`,
    change,
  );
}

/** `DELETE /api/chat/canned-responses/:id`: 204. */
export async function removeCanned(config: HttpConfig, id: string): Promise<void> {
  await requestJson<undefined>(config, "DELETE", `${CANNED}/${encodeURIComponent(id)}`);
}
