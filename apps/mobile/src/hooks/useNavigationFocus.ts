import { NavigationContext } from "@react-navigation/native";
import { useCallback, useContext, useSyncExternalStore } from "react";

/**
 * Whether the screen is focused in its navigator, like React Navigation's `useIsFocused`
 * (and `useFocusEffect`, which listens to the same `focus` / `blur` events), but without
 * throwing outside a navigator: there the screen counts as always focused, so the chat can
 * be dropped into an app that uses another navigation library (pass `focused` then).
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
