import type { Attachment } from "@switchboard/protocol";
import { act, fireEvent, render, screen } from "@testing-library/react-native";
import { ChatScreen, type ChatImageComponent, type PickedFile } from "@switchboard/react-native";
import { ExpoChatImage } from "../src/ExpoChatImage.tsx";
import {
  held,
  phoneNetwork,
  PhoneXhr,
  settle,
  setup,
  stored,
  CUSTOMER,
  type Harness,
} from "./harness.ts";

// The picker reports its own file name: the one the server records and the agent sees.
const FILE = { uri: "file:///tmp/IMG_0042.jpg", name: "IMG_0042.jpg", type: "image/jpeg" };
const PHOTO: PickedFile = { file: FILE, name: "photo.jpg" };
const ATTACHMENT: Attachment = {
  url: "/api/chat/files/6650f2aaa3b4c5d6e7f80a01",
  name: "photo.jpg",
  size: 48213,
  mimeType: "image/jpeg",
};

let restoreNetwork: () => void;
beforeEach(() => (restoreNetwork = phoneNetwork()));
afterEach(() => restoreNetwork());

/** The screen as this app renders it (expo-image), or (null) with the package's default `Image`. */
function renderWithPicker(h: Harness, ImageComponent: ChatImageComponent | null = ExpoChatImage) {
  return render(
    <ChatScreen
      client={h.client}
      serverUrl="https://chat.example.com"
      getToken={() => "tok-1"}
      focused
      pickImage={async () => PHOTO}
      {...(ImageComponent ? { ImageComponent } : {})}
    />,
  );
}

const attach = () =>
  settle(() => fireEvent.press(screen.getByRole("button", { name: "Attach image" })));

/** Picks an image and lets the upload succeed: the message with it is in the list. */
async function sendPhoto() {
  await settle();
  await attach();
  await settle(() => PhoneXhr.requests[0]!.respond(201, ATTACHMENT));
}

test("pick, upload with progress, then send the image as a message", async () => {
  const h = setup();
  renderWithPicker(h);
  await settle();
  await attach();
  const [upload] = PhoneXhr.requests;
  expect(upload).toMatchObject({ method: "POST", url: "http://chat.test/api/chat/upload" });
  expect(upload!.headers.Authorization).toMatch(/^Bearer /);
  expect(upload!.file).toEqual({ uri: FILE.uri, name: "photo.jpg", type: "image/jpeg" });
  await act(async () => upload!.progress(420, 1000));
  expect(screen.getByText("Uploading image… 42%")).toBeTruthy();

  await settle(() => upload!.respond(201, ATTACHMENT));
  expect(screen.queryByText(/Uploading image/)).toBeNull();
  expect(held(h.client, h.room.id)).toMatchObject([
    { content: "", attachments: [ATTACHMENT], localStatus: "stored" },
  ]);
  expect(stored(h.server, h.room.id)).toEqual([{ content: "", senderId: CUSTOMER }]);
  // Shown from the server with the token (files are not public), cached on disk.
  const image = screen.getByLabelText("photo.jpg");
  expect(image.props.source).toEqual([
    expect.objectContaining({
      uri: "https://chat.example.com/api/chat/files/6650f2aaa3b4c5d6e7f80a01",
      headers: { Authorization: "Bearer tok-1" },
    }),
  ]);
});

test("without an ImageComponent, React Native's Image gets the token in its source", async () => {
  const h = setup();
  renderWithPicker(h, null);
  await sendPhoto();
  expect(screen.getByLabelText("photo.jpg").props.source).toEqual({
    uri: "https://chat.example.com/api/chat/files/6650f2aaa3b4c5d6e7f80a01",
    headers: { Authorization: "Bearer tok-1" },
  });
});

test("a refused upload says why, and sends nothing", async () => {
  const h = setup();
  renderWithPicker(h);
  await settle();
  await attach();
  await settle(() =>
    PhoneXhr.requests[0]!.respond(413, { error: { code: "TOO_LARGE", message: "too large" } }),
  );
  expect(screen.getByText(/That image is too large/)).toBeTruthy();
  expect(held(h.client, h.room.id)).toEqual([]);
  expect(h.socket.sent("send-message")).toEqual([]);
  fireEvent.press(screen.getByRole("button", { name: "Dismiss" }));
  expect(screen.queryByText(/too large/)).toBeNull();
});

test("leaving the screen during an upload aborts it, and sends nothing", async () => {
  const h = setup();
  const view = renderWithPicker(h);
  await settle();
  await attach();
  const [upload] = PhoneXhr.requests;
  await settle(() => view.unmount());
  expect(upload!.aborted).toBe(true);
  expect(h.socket.sent("send-message")).toEqual([]);
});

test("no image button without a picker", async () => {
  const h = setup();
  render(
    <ChatScreen
      client={h.client}
      serverUrl="https://x"
      getToken={() => "t"}
      focused
      pickImage={null}
    />,
  );
  await settle();
  expect(screen.queryByRole("button", { name: "Attach image" })).toBeNull();
});
