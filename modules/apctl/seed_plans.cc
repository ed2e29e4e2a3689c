// Demo plans for the two demo organisations: a 5S audit, a customer
// complaint's corrective actions, safety inspections and more, with tasks,
// comments and due dates relative to today (some of them overdue), and
// the history rows a real creation would have left.
#include "modules/apctl/seed_plans.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/tenant/tenant_directory.h"

namespace ap::apctl {
namespace {

constexpr int kNoDue = 99999;  // a plan or task without a due date

struct DemoTask {
  const char* title;
  const char* status;
  const char* assignee;  // login, or nullptr
  int due_in_days;
};

struct DemoComment {
  const char* author;  // login
  const char* body;
};

struct DemoPlan {
  const char* title;
  const char* description;
  const char* area;
  const char* priority;
  const char* status;
  const char* owner;    // login
  const char* creator;  // login
  int due_in_days;
  std::vector<DemoTask> tasks;
  std::vector<DemoComment> comments;
};

const std::vector<DemoPlan>& AcmePlans() {
  static const std::vector<DemoPlan> plans = {
      {"Audyt 5S – Hala 2: niezgodności",
       "Audyt 5S z 12 listopada wykazał 14 niezgodności w gniazdach CNC i "
       "przy prasach. Wynik 62%, cel 80%.",
       "Hala 2",
       "high",
       "in_progress",
       "piotr.kowalski",
       "anna.nowak",
       -5,
       {{"Usunąć zbędne pojemniki z gniazda CNC-3", "done", "piotr.kowalski",
         -12},
        {"Oznakować miejsca odkładcze taśmą podłogową", "doing",
         "ewa.wisniewska", -5},
        {"Uzupełnić tablicę cieni narzędzi przy prasie P-12", "todo",
         "piotr.kowalski", 3},
        {"Audyt sprawdzający po 30 dniach", "todo", "anna.nowak", 20}},
       {{"ewa.wisniewska", "Taśma podłogowa zamówiona, dostawa w środę."},
        {"anna.nowak", "Proszę o zdjęcia przed/po do raportu dla zarządu."}}},
      {"Reklamacja RK/2026/114 – pęknięte obudowy",
       "Klient zgłosił 37 pękniętych obudów (partia 2026-47). Raport 8D do "
       "klienta w ciągu 10 dni roboczych.",
       "Kontrola jakości",
       "critical",
       "open",
       "ewa.wisniewska",
       "anna.nowak",
       7,
       {{"D3: Zabezpieczyć zapas u klienta i w magazynie", "done",
         "ewa.wisniewska", -2},
        {"D4: Analiza przyczyn (5 Why, Ishikawa)", "doing", "ewa.wisniewska",
         2},
        {"D5: Próba ze zmienionymi parametrami wtrysku", "todo",
         "piotr.kowalski", 5},
        {"D7: Aktualizacja FMEA i instrukcji stanowiskowej", "todo",
         "ewa.wisniewska", 7}},
       {{"piotr.kowalski",
         "Temperatura formy na wtryskarce W-4 odbiegała o 15 °C od karty "
         "technologicznej."},
        {"ewa.wisniewska", "Klient potwierdził odbiór raportu wstępnego D3."}}},
      {"Inspekcja BHP – magazyn wysokiego składowania",
       "Kontrola BHP wykazała uszkodzoną barierę regału i nieczytelne "
       "oznakowanie dróg ewakuacyjnych.",
       "Magazyn",
       "high",
       "open",
       "anna.nowak",
       "anna.nowak",
       -2,
       {{"Naprawić barierę ochronną regału B-4", "todo", "piotr.kowalski", -3},
        {"Przypomnieć operatorom wózków zasady ruchu", "done", "ewa.wisniewska",
         -6},
        {"Wymienić oznakowanie dróg ewakuacyjnych", "todo", nullptr, 4}},
       {{"piotr.kowalski", "Bariera zamówiona u producenta regałów."}}},
      {"Skrócenie przezbrojenia linii 3 (SMED)",
       "Cel: czas przezbrojenia z 48 do 25 minut do końca kwartału.",
       "Linia 3",
       "medium",
       "draft",
       "piotr.kowalski",
       "piotr.kowalski",
       45,
       {{"Nagrać i rozpisać obecne przezbrojenie", "todo", "piotr.kowalski",
         10},
        {"Rozdzielić czynności wewnętrzne i zewnętrzne", "todo", nullptr,
         kNoDue}},
       {}},
      {"Kalibracja przyrządów pomiarowych – zaległości",
       "Sześć suwmiarek i dwa mikrometry po terminie kalibracji.",
       "Laboratorium",
       "medium",
       "done",
       "ewa.wisniewska",
       "ewa.wisniewska",
       -10,
       {{"Wysłać przyrządy do akredytowanego laboratorium", "done",
         "ewa.wisniewska", -20},
        {"Zaktualizować rejestr przyrządów", "done", "ewa.wisniewska", -11}},
       {{"anna.nowak", "Dziękuję, zamykam temat."}}},
      {"Ograniczenie zużycia sprężonego powietrza",
       "Pomiar wykazał wycieki w sieci sprężonego powietrza – ok. 18% "
       "zużycia. Straty ok. 4 200 zł miesięcznie.",
       "Utrzymanie ruchu",
       "low",
       "in_progress",
       "piotr.kowalski",
       "anna.nowak",
       -1,
       {{"Oznaczyć wycieki podczas przestoju", "done", "piotr.kowalski", -8},
        {"Wymienić nieszczelne szybkozłączki", "doing", "piotr.kowalski", -1}},
       {}},
  };
  return plans;
}

const std::vector<DemoPlan>& BalticPlans() {
  static const std::vector<DemoPlan> plans = {
      {"Customer complaint CC-2291: foreign body in jar",
       "A retailer found a plastic fragment in a jar of beetroot salad "
       "(batch 26-331). Corrective actions per our 8D procedure.",
       "Packing line 1",
       "critical",
       "in_progress",
       "marta.zielinska",
       "john.smith",
       3,
       {{"Quarantine batch 26-331", "done", "marta.zielinska", -6},
        {"Check metal/X-ray detector logs for the shift", "done", "john.smith",
         -5},
        {"Root cause analysis with the lid supplier", "doing",
         "marta.zielinska", 1},
        {"Update HACCP CCP-2 monitoring form", "todo", "john.smith", 3}},
       {{"john.smith", "Supplier visit booked for Thursday 9:00."},
        {"marta.zielinska",
         "Fragment matches the hopper guard – it was cracked. 🔧"}}},
      {"GMP audit findings – bakery hall",
       "Internal GMP audit: 9 findings, 2 major (flaking paint above line "
       "B, missing cleaning records).",
       "Bakery",
       "high",
       "open",
       "john.smith",
       "john.smith",
       -4,
       {{"Repaint ceiling above line B", "todo", "marta.zielinska", -4},
        {"Reintroduce cleaning checklists per shift", "done", "marta.zielinska",
         -9}},
       {{"marta.zielinska", "Painting needs a weekend stop – planned."}}},
      {"Forklift safety inspection – cold store",
       "Two trucks failed the daily check (horn, blue spot light). Drivers "
       "skip the checklist at shift start.",
       "Cold store",
       "high",
       "open",
       "marta.zielinska",
       "john.smith",
       -1,
       {{"Repair trucks FL-07 and FL-09", "done", "john.smith", -3},
        {"Toolbox talk on the daily checklist", "todo", "marta.zielinska", -1}},
       {}},
      {"Allergen changeover procedure review",
       "Review the sesame changeover after the new product launch.",
       "Quality",
       "medium",
       "draft",
       "john.smith",
       "marta.zielinska",
       30,
       {{"Swab test validation, three runs", "todo", "marta.zielinska", 21}},
       {}},
      {"Energy audit: refrigeration compressors",
       "Compressor 2 runs 30% more than its twin; setpoints aligned.",
       "Engineering",
       "low",
       "done",
       "john.smith",
       "john.smith",
       -20,
       {{"Align setpoints and log for two weeks", "done", "john.smith", -22}},
       {{"john.smith", "Consumption back to normal, closing."}}},
      {"Przegląd dostawców opakowań – Q1",
       "Ocena dostawców słoików i wieczek: terminowość, reklamacje, audyty.",
       "Zakupy",
       "medium",
       "open",
       "marta.zielinska",
       "marta.zielinska",
       14,
       {{"Zebrać wskaźniki OTD za kwartał", "doing", "marta.zielinska", 7}},
       {}},
  };
  return plans;
}

using UserIds = std::map<std::string, int64_t>;

UserIds LoadUserIds(Db& core, int64_t tenant_id) {
  auto st = core.Prepare("SELECT id, login FROM users WHERE tenant_id = ?");
  st->setInt64(1, tenant_id);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  UserIds ids;
  while (rs->next()) ids[rs->getString("login")] = rs->getInt64("id");
  return ids;
}

int64_t LastInsertId(Db& db) {
  auto st = db.Prepare("SELECT LAST_INSERT_ID()");
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  rs->next();
  return rs->getInt64(1);
}

void BindUser(sql::PreparedStatement& st, unsigned int index,
              const UserIds& users, const char* login) {
  auto it = login != nullptr ? users.find(login) : users.end();
  if (it == users.end()) {
    st.setNull(index, 0);
  } else {
    st.setInt64(index, it->second);
  }
}

// The due date as "today + days" in SQL; kNoDue binds NULL via the IF.
void BindDue(sql::PreparedStatement& st, unsigned int index, int days) {
  st.setInt(index, days);
}

void AddHistory(Db& db, int64_t plan_id, const char* entity, int64_t entity_id,
                const std::string& value, int64_t user_id) {
  auto st = db.Prepare(
      "INSERT INTO history (plan_id, entity, entity_id, action, new_value,"
      " user_id) VALUES (?, ?, ?, 'create', ?, ?)");
  st->setInt64(1, plan_id);
  st->setString(2, entity);
  st->setInt64(3, entity_id);
  st->setString(4, value);
  st->setInt64(5, user_id);
  st->executeUpdate();
}

int64_t InsertPlan(Db& db, const DemoPlan& p, const UserIds& users) {
  auto st = db.Prepare(
      "INSERT INTO plans (title, description, area, priority, status,"
      " owner_id, due_date, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?,"
      " IF(? = 99999, NULL, DATE_ADD(UTC_DATE(), INTERVAL ? DAY)), ?, ?)");
  st->setString(1, p.title);
  st->setString(2, p.description);
  st->setString(3, p.area);
  st->setString(4, p.priority);
  st->setString(5, p.status);
  BindUser(*st, 6, users, p.owner);
  BindDue(*st, 7, p.due_in_days);
  BindDue(*st, 8, p.due_in_days);
  BindUser(*st, 9, users, p.creator);
  BindUser(*st, 10, users, p.creator);
  st->executeUpdate();
  int64_t id = LastInsertId(db);
  AddHistory(db, id, "plan", id, p.title, users.at(p.creator));
  return id;
}

void InsertTask(Db& db, int64_t plan_id, int position, const DemoTask& t,
                const UserIds& users, int64_t creator) {
  auto st = db.Prepare(
      "INSERT INTO tasks (plan_id, title, description, status, assignee_id,"
      " due_date, done_at, position, created_by) VALUES (?, ?, '', ?, ?,"
      " IF(? = 99999, NULL, DATE_ADD(UTC_DATE(), INTERVAL ? DAY)),"
      " IF(? = 'done', UTC_TIMESTAMP(3), NULL), ?, ?)");
  st->setInt64(1, plan_id);
  st->setString(2, t.title);
  st->setString(3, t.status);
  BindUser(*st, 4, users, t.assignee);
  BindDue(*st, 5, t.due_in_days);
  BindDue(*st, 6, t.due_in_days);
  st->setString(7, t.status);
  st->setInt(8, position);
  st->setInt64(9, creator);
  st->executeUpdate();
  AddHistory(db, plan_id, "task", LastInsertId(db), t.title, creator);
}

void InsertComment(Db& db, int64_t plan_id, const DemoComment& c,
                   const UserIds& users) {
  auto st = db.Prepare(
      "INSERT INTO comments (plan_id, author_id, body) VALUES (?, ?, ?)");
  st->setInt64(1, plan_id);
  st->setInt64(2, users.at(c.author));
  st->setString(3, c.body);
  st->executeUpdate();
  AddHistory(db, plan_id, "comment", LastInsertId(db), c.body,
             users.at(c.author));
}

bool HasPlans(Db& db) {
  auto st = db.Prepare("SELECT 1 FROM plans LIMIT 1");
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  return rs->next();
}

// Seeds one organisation, unless it already has plans (so a second run
// adds nothing). Returns false when the tenant or a demo user is missing.
bool SeedTenant(AdminEnv& env, const std::string& slug,
                const std::vector<DemoPlan>& plans) {
  std::optional<TenantRecord> tenant = FindTenantBySlug(env.core, slug);
  if (!tenant) return false;
  UserIds users = LoadUserIds(env.core, tenant->id);
  Db& db = DbPool::ForThread().Get(tenant->db);
  if (HasPlans(db)) return true;

  Transaction tx(db);
  for (const DemoPlan& p : plans) {
    if (!users.count(p.creator) || !users.count(p.owner)) return false;
    int64_t id = InsertPlan(db, p, users);
    int position = 1;
    for (const DemoTask& t : p.tasks) {
      InsertTask(db, id, position++, t, users, users.at(p.creator));
    }
    for (const DemoComment& c : p.comments) InsertComment(db, id, c, users);
  }
  tx.Commit();
  return true;
}

}  // namespace

int SeedDemoPlans(AdminEnv& env) {
  if (!SeedTenant(env, "acme", AcmePlans()) ||
      !SeedTenant(env, "baltic", BalticPlans())) {
    return Fail("demo plans: a demo organisation or user is missing");
  }
  std::printf("demo plans seeded\n");
  return 0;
}

}  // namespace ap::apctl
