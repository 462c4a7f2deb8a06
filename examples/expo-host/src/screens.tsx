// The host app's own tabs, which know nothing of the chat, and the tab bar's icons.
import { StyleSheet, Text, View } from "react-native";
import { useAuth } from "./auth.tsx";

const ICONS: Record<string, string> = { Home: "⌂", Orders: "☰", Support: "✉" };

/** A tab's icon: a plain glyph, so that the example needs no icon font. */
export const tabIcon =
  (route: string) =>
  ({ color, size }: { color: string; size: number }) => (
    <Text style={{ color, fontSize: size, lineHeight: size + 2 }}>{ICONS[route]}</Text>
  );

const ORDERS = [
  { id: "1042", item: "Ridge Runner trail shoes", status: "On its way" },
  { id: "1017", item: "Merino hiking socks (3 pairs)", status: "Delivered" },
];

export function HomeScreen() {
  const { session } = useAuth();
  return (
    <View style={styles.screen}>
      <Text style={styles.title} role="heading">
        Hello, {session.name}
      </Text>
      <Text style={styles.text}>New in: the Ridge Runner 2, half a size roomier.</Text>
    </View>
  );
}

export function OrdersScreen() {
  return (
    <View style={styles.screen}>
      {ORDERS.map((order) => (
        <View key={order.id} style={styles.row}>
          <Text style={styles.text}>
            #{order.id} {order.item}
          </Text>
          <Text style={styles.status}>{order.status}</Text>
        </View>
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  screen: { flex: 1, padding: 20, gap: 12, backgroundColor: "#fff" },
  title: { fontSize: 22, fontWeight: "600" },
  text: { fontSize: 16, color: "#111827" },
  row: { gap: 4, paddingBottom: 12, borderBottomWidth: 1, borderBottomColor: "#e5e7eb" },
  status: { fontSize: 14, color: "#6b7280" },
});
