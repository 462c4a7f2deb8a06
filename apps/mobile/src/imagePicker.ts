import type { PickImageFn } from "@switchboard/react-native";
import * as ImagePicker from "expo-image-picker";

/**
 * The app's image picker (the chat screen's `pickImage`): expo-image-picker's library
 * picker. On iOS 14+ and Android 13+ the system photo picker needs no permission. "Compatible" makes iOS hand over JPEG instead of HEIC, which the
 * server does not accept (it allows PNG, JPEG, GIF, WebP, PDF); quality 0.8 keeps photos
 * well under its 10 MiB limit.
 */
export const pickImageFromLibrary: PickImageFn = async () => {
  const result = await ImagePicker.launchImageLibraryAsync({
    mediaTypes: ["images"],
    quality: 0.8,
    allowsMultipleSelection: false,
    preferredAssetRepresentationMode:
      ImagePicker.UIImagePickerPreferredAssetRepresentationMode.Compatible,
  });
  const asset = result.canceled ? undefined : result.assets[0];
  if (!asset) return null;
  const type = asset.mimeType ?? "image/jpeg";
  const name = asset.fileName ?? `photo-${Date.now()}.${type.split("/")[1] ?? "jpg"}`;
  // On the web the picker hands over the File itself; on a phone, a file on disk that
  // React Native's FormData streams from its uri.
  return { file: asset.file ?? { uri: asset.uri, name, type }, name };
};
