import type { Attachment } from "@switchboard/protocol";
import { ChatError } from "@switchboard/protocol";
import { act, fireEvent, render, screen } from "@testing-library/react-native";
import { ChatScreen, type ChatImageComponent, type PickedFile } from "@switchboard/react-native";
import { ExpoChatImage } from "../src/ExpoChatImage.tsx";
import { FakeChatClient, ROOM_ID } from "./fakeChatClient.ts";

const PHOTO: PickedFile = {
  file: { uri: "file:///tmp/photo.jpg", name: "photo.jpg", type: "image/jpeg" },
  name: "photo.jpg",
};
const ATTACHMENT: Attachment = {
  url: "/api/chat/files/6650f2aaa3b4c5d6e7f80a01",
  name: "photo.jpg",
  size: 48213,
  mimeType: "image/jpeg",
};

/** The screen as this app renders it (expo-image), or (null) with the package's default `Image`. */
function renderWithPicker(
  client: FakeChatClient,
  ImageComponent: ChatImageComponent | null = ExpoChatImage,
) {
  render(
    <ChatScreen
      client={client}
      serverUrl="https://chat.example.com"
      getToken={() => "tok-1"}
      focused
      pickImage={async () => PHOTO}
      {...(ImageComponent ? { ImageComponent } : {})}
    />,
  );
}

/** Picks an image and lets the upload succeed: the message with it is in the list. */
async function sendPhoto(client: FakeChatClient) {
  await act(async () => {});
  await act(async () => fireEvent.press(screen.getByRole("button", { name: "Attach image" })));
  await act(async () => client.uploads[0]!.resolve(ATTACHMENT));
}

test("pick, upload with progress, then send the image as a message", async () => {
  const client = new FakeChatClient();
  renderWithPicker(client);
  await act(async () => {});
  await act(async () => fireEvent.press(screen.getByRole("button", { name: "Attach image" })));
  const [upload] = client.uploads;
  expect(upload).toMatchObject({ file: PHOTO.file, options: { name: "photo.jpg" } });
  await act(async () => upload!.options.onProgress?.(420, 1000));
  expect(screen.getByText("Uploading image… 42%")).toBeTruthy();

  await act(async () => upload!.resolve(ATTACHMENT));
  expect(screen.queryByText(/Uploading image/)).toBeNull();
  const [sent] = client.store.getState().messagesByRoom[ROOM_ID] ?? [];
  expect(sent).toMatchObject({ content: "", attachments: [ATTACHMENT], localStatus: "pending" });
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
  const client = new FakeChatClient();
  renderWithPicker(client, null);
  await sendPhoto(client);
  expect(screen.getByLabelText("photo.jpg").props.source).toEqual({
    uri: "https://chat.example.com/api/chat/files/6650f2aaa3b4c5d6e7f80a01",
    headers: { Authorization: "Bearer tok-1" },
  });
});

test("a refused upload says why, and sends nothing", async () => {
  const client = new FakeChatClient();
  renderWithPicker(client);
  await act(async () => {});
  await act(async () => fireEvent.press(screen.getByRole("button", { name: "Attach image" })));
  await act(async () => client.uploads[0]!.reject(new ChatError("TOO_LARGE", "too large")));
  expect(screen.getByText(/That image is too large/)).toBeTruthy();
  expect(client.store.getState().messagesByRoom[ROOM_ID] ?? []).toEqual([]);
  fireEvent.press(screen.getByRole("button", { name: "Dismiss" }));
  expect(screen.queryByText(/too large/)).toBeNull();
});

test("no image button without a picker", async () => {
  const client = new FakeChatClient();
  render(
    <ChatScreen
      client={client}
      serverUrl="https://x"
      getToken={() => "t"}
      focused
      pickImage={null}
    />,
  );
  await act(async () => {});
  expect(screen.queryByRole("button", { name: "Attach image" })).toBeNull();
});
