/**
 * The chat screen for apps that use React Navigation (6 or 7): the same `ChatScreen`, whose
 * connection follows the navigator's focus by itself (connected while its screen or tab is
 * focused, disconnected on blur). The only entry of the package that imports
 * `@react-navigation/native` (an optional peer dependency): apps with another navigation
 * library use the main entry and pass `focused`.
 *
 * @example
 * ```tsx
 * import { ChatScreen } from "@switchboard/react-native/navigation";
 *
 * <Tab.Screen name="Support">
 *   {() => <ChatScreen client={client} serverUrl={SERVER} getToken={getToken} pickImage={pickImage} />}
 * </Tab.Screen>
 * ```
 *
 * @packageDocumentation
 */
import { NavigationContext } from "@react-navigation/native";
import { useCallback, useContext, useSyncExternalStore } from "react";
import { ChatScreen as BaseChatScreen, type ChatScreenProps } from "./ChatScreen.tsx";

export type { ChatScreenProps } from "./ChatScreen.tsx";

/**
 * Whether the screen is focused in its navigator, like React Navigation's `useIsFocused`
 * (which listens to the same `focus` / `blur` events), but without throwing outside a
 * navigator: there the screen counts as always focused.
 *
 * @returns Whether the screen is focused now (true outside a navigator).
 *
 * @example
 * ```tsx
 * const focused = useNavigationFocus();
 * ```
 */
export function useNavigationFocus(): boolean {
  const navigation = useContext(NavigationContext);
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!navigation) return () => {};
      const offFocus = navigation.addListener("focus", onChange);
      const offBlur = navigation.addListener("blur", onChange);
      return () => {
        offFocus();
        offBlur();
      };
    },
    [navigation],
  );
  const focused = () => navigation?.isFocused() ?? true;
  return useSyncExternalStore(subscribe, focused, focused);
}

/**
 * The chat screen ({@link ChatScreenProps}), connected while its React Navigation screen is
 * focused. An explicit `focused` prop wins over the navigator's.
 *
 * @example
 * ```tsx
 * <Stack.Screen name="Support">
 *   {() => <ChatScreen client={client} serverUrl={SERVER} getToken={getToken} pickImage={pickImage} />}
 * </Stack.Screen>
 * ```
 */
export function ChatScreen(props: ChatScreenProps) {
  const navigationFocused = useNavigationFocus();
  return <BaseChatScreen {...props} focused={props.focused ?? navigationFocused} />;
}
