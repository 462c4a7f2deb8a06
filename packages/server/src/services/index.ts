import type { ChatModels } from "../persistence/models.ts";
import { MessageRepository } from "../persistence/messageRepository.ts";
import { RoomRepository } from "../persistence/roomRepository.ts";
import { RoomAccess } from "./access.ts";
import { ChatService } from "./chatService.ts";
import type { Broadcaster, Clock } from "./ports.ts";
import { ReceiptService } from "./receiptService.ts";
import { LocalRoomLock, type RoomLock } from "./roomLock.ts";
import { RoomService } from "./roomService.ts";
import { TypingService } from "./typingService.ts";
import { UploadService } from "./uploadService.ts";
import { DeviceRepository, UploadRepository } from "../persistence/uploadRepository.ts";
import type { FileStore } from "../storage/fileStore.ts";

/** All of the chat's rules, wired to one database and one broadcaster. */
export interface Services {
  chat: ChatService;
  receipts: ReceiptService;
  rooms: RoomService;
  typing: TypingService;
  access: RoomAccess;
  uploads: UploadService;
  devices: DeviceRepository;
}

export function createServices(
  models: ChatModels,
  broadcast: Broadcaster,
  opts: { files: FileStore; clock?: Clock; lock?: RoomLock; allowedTypes?: string[] },
): Services {
  const rooms = new RoomRepository(models);
  const messages = new MessageRepository(models);
  const access = new RoomAccess(rooms);
  const clock = opts.clock ?? (() => new Date());
  const lock = opts.lock ?? new LocalRoomLock();
  const uploads = new UploadService({
    uploads: new UploadRepository(models),
    store: opts.files,
    access,
    ...(opts.allowedTypes ? { allowedTypes: opts.allowedTypes } : {}),
  });
  return {
    chat: new ChatService({ rooms, messages, access, broadcast, clock, lock, uploads }),
    receipts: new ReceiptService({ rooms, messages, access, broadcast, clock, lock }),
    rooms: new RoomService({ rooms, access, broadcast, lock }),
    typing: new TypingService(access, broadcast),
    access,
    uploads,
    devices: new DeviceRepository(models),
  };
}
