import {
  ChatError,
  type CannedResponse,
  type CreateCannedResponseInput,
  type UpdateCannedResponseInput,
} from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type {
  CannedResponseRepository,
  CannedWrite,
} from "../persistence/cannedResponseRepository.ts";
import { requireAdmin } from "./access.ts";

/** Contract v2: the team's canned responses, agents only; shortcodes unique. */
export class CannedResponseService {
  constructor(private readonly repo: CannedResponseRepository) {}

  async list(user: Identity): Promise<{ cannedResponses: CannedResponse[] }> {
    requireAdmin(user);
    return { cannedResponses: await this.repo.list() };
  }

  async create(user: Identity, input: CreateCannedResponseInput): Promise<CannedResponse> {
    requireAdmin(user);
    const title = input.title || input.shortcode;
    return written(await this.repo.create({ ...input, title }, user.userId), input.shortcode);
  }

  async update(
    user: Identity,
    id: string,
    input: UpdateCannedResponseInput,
  ): Promise<CannedResponse> {
    requireAdmin(user);
    return written(await this.repo.update(id, input), input.shortcode);
  }

  async remove(user: Identity, id: string): Promise<void> {
    requireAdmin(user);
    if (!(await this.repo.remove(id))) throw new ChatError("NOT_FOUND", "no such canned response");
  }
}

function written(result: CannedWrite, shortcode: string | undefined): CannedResponse {
  if (result === "taken") throw new ChatError("CONFLICT", `shortcode "${shortcode}" is taken`);
  if (result === "missing") throw new ChatError("NOT_FOUND", "no such canned response");
  return result;
}
