import type { NativeFile } from "@switchboard/client";
import type { ComponentType } from "react";
import type { ImageStyle, StyleProp } from "react-native";

/** A file the host's picker chose, as the SDK's `client.upload` takes it. */
export interface PickedFile {
  /** A phone's `{ uri, name, type }` (React Native's FormData streams it), or the web's `File`. */
  file: Blob | NativeFile;
  /** The file name the server stores and the other side sees. */
  name: string;
}

/**
 * The host's image picker (expo-image-picker, react-native-image-picker, ...): lets the user
 * choose one image, resolves null when they cancelled. The screen uploads what it returns.
 *
 * @example
 * ```ts
 * const pickImage: PickImageFn = async () => {
 *   const r = await launchImageLibrary({ mediaType: "photo" }); // react-native-image-picker
 *   const a = r.assets?.[0];
 *   return a?.uri ? { file: { uri: a.uri, name: a.fileName!, type: a.type! }, name: a.fileName! } : null;
 * };
 * ```
 */
export type PickImageFn = () => Promise<PickedFile | null>;

/** What the screen gives the component that draws an image attachment. */
export interface ChatImageProps {
  /** Absolute URL of a file of the chat server. */
  uri: string;
  /** `{ Authorization: "Bearer …" }`: the server serves files only to the room's members. */
  headers: Record<string, string>;
  /** The file's name, for screen readers. */
  label: string;
  /** The size and shape the screen lays the image out with. */
  style: StyleProp<ImageStyle>;
}

/**
 * A component that draws an image attachment with the auth headers, e.g. one over expo-image
 * (disk cache, and headers on the web too). Keep it one reference (a module-level component):
 * the rows are memoised on it.
 */
export type ChatImageComponent = ComponentType<ChatImageProps>;
