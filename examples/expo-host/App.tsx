// The host app: its own sign-in (src/auth.tsx) and three bottom tabs, the third of which is
// Switchboard's chat screen (src/SupportScreen.tsx). The chat is connected only while the
// Support tab is focused: the `/navigation` entry's ChatScreen follows the navigator.
import { createBottomTabNavigator } from "@react-navigation/bottom-tabs";
import { NavigationContainer } from "@react-navigation/native";
import { SafeAreaProvider } from "react-native-safe-area-context";
import { AuthProvider, type Session } from "./src/auth.tsx";
import { HomeScreen, OrdersScreen, tabIcon } from "./src/screens.tsx";
import { SupportScreen } from "./src/SupportScreen.tsx";

const Tab = createBottomTabNavigator();

export default function App({ session }: { session: Session }) {
  return (
    <AuthProvider session={session}>
      <SafeAreaProvider>
        <NavigationContainer>
          <Tab.Navigator screenOptions={({ route }) => ({ tabBarIcon: tabIcon(route.name) })}>
            <Tab.Screen name="Home" component={HomeScreen} />
            <Tab.Screen name="Orders" component={OrdersScreen} />
            <Tab.Screen name="Support" component={SupportScreen} />
          </Tab.Navigator>
        </NavigationContainer>
      </SafeAreaProvider>
    </AuthProvider>
  );
}
