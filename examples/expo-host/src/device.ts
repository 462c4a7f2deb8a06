// What the chat screen asks of the device, which the host provides (the package imports no
// Expo module): picking an image, and registering for push notifications.
import type { PickImageFn } from "@switchboard/react-native";
import * as ImagePicker from "expo-image-picker";

/** expo-image-picker's library picker; null when the user cancelled. */
export const pickImage: PickImageFn = async () => {
  const result = await ImagePicker.launchImageLibraryAsync({
    mediaTypes: ["images"],
    quality: 0.8,
    // iOS hands over JPEG instead of HEIC, which the chat server does not accept.
    preferredAssetRepresentationMode:
      ImagePicker.UIImagePickerPreferredAssetRepresentationMode.Compatible,
  });
  const asset = result.canceled ? undefined : result.assets[0];
  if (!asset) return null;
  const type = asset.mimeType ?? "image/jpeg";
  const name = asset.fileName ?? `photo.${type.split("/")[1] ?? "jpg"}`;
  // The web's picker hands over the File; a phone's, a file on disk (`uri`).
  return { file: asset.file ?? { uri: asset.uri, name, type }, name };
};

/**
 * Push registration, run by the chat once its room opened. A stub in this example: a real
 * app asks for permission and an Expo push token with expo-notifications, then POSTs it to
 * the chat server's `/api/chat/devices` (apps/mobile/src/push.ts in the Switchboard repo
 * does both), so that an agent's reply reaches a phone whose app is closed.
 */
export function registerPush(): Promise<void> {
  return Promise.resolve();
}
