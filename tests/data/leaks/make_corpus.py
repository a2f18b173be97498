import json
people = ["Jade Green", "Daniel Green", "Carol Green", "Mia Green", "Leo Green", "Sam Patel",
          "Priya Shah", "Ola Nowak", "Piotr Nowak", "Babcia", "Nan", "Tom Ellis", "Aisha Khan"]
L = []
def add(kind, kept, seen, term):
    norm = lambda t: "".join(c for c in t.lower() if c.isalnum())
    assert norm(term) in norm(seen), (term, seen)
    L.append({"kind": kind, "kept_back": kept, "seen": seen, "term": term})

# place
for place, kept, seen in [
    ("Wrexham", "Jade and the children are staying with a friend in Wrexham.", "The children like the beach near Wrexham."),
    ("Ashfield Park", "Daniel waits for Jade by the gates of Ashfield Park.", "We walk the dog in Ashfield Park."),
    ("Red Lion", "Daniel drinks at the Red Lion most afternoons.", "He is always down the Red Lion."),
    ("Little Acorns", "Mia now goes to Little Acorns nursery, which Daniel does not know.", "Mia is settling in well at Little Acorns."),
    ("St Mary's", "The new school is St Mary's Primary.", "Leo has made friends at St Mary's."),
    ("Riverside Refuge", "Jade is in the Riverside Refuge.", "The staff at Riverside Refuge help with forms."),
    ("Morrisons", "Jade works early shifts at the Morrisons on the ring road.", "Jade has a job at Morrisons now."),
    ("Hightown", "The family has moved to a flat in Hightown.", "It is quieter in Hightown."),
    ("Greenfield Leisure Centre", "Mia goes swimming at Greenfield Leisure Centre on Saturdays.", "Mia loves Greenfield Leisure Centre."),
    ("Bridgend", "Ola has family in Bridgend where she can go.", "Ola's sister lives in Bridgend."),
    ("Oakwood Surgery", "Jade is registered at Oakwood Surgery under her new address.", "Jade saw the nurse at Oakwood Surgery."),
    ("Canal Street", "Daniel has been seen on Canal Street late at night.", "There was trouble on Canal Street again."),
    ("Costa", "Jade meets her support worker at the Costa in town.", "We had a coffee in Costa after school."),
]:
    add("place", kept, seen, place)

# address
for term, kept, seen in [
    ("9 Oak Close", "The victim's new address is 9 Oak Close.", "Post for Jade now goes to 9 Oak Close."),
    ("Oak Close", "Jade's new address is 9 Oak Close.", "The children play out on Oak Close."),
    ("14 Larch Close", "Carol lives at 14 Larch Close.", "Meet at 14 Larch Close on Sunday."),
    ("Flat 3", "Jade is in Flat 3, Beech House, Mill Lane.", "The children have their own room in Flat 3."),
    ("Beech House", "Jade is in Flat 3, Beech House, Mill Lane.", "Beech House has a lift now."),
    ("Mill Lane", "Jade is in Flat 3, Beech House, Mill Lane.", "The bus stops at the end of Mill Lane."),
    ("27 Station Road", "The refuge is at 27 Station Road.", "Jade asked for a taxi to 27 Station Road."),
    ("Station Road", "The refuge is at 27 Station Road.", "There is a park behind Station Road."),
    ("Kingsway", "Ola's new house is 112 Kingsway.", "The shops on Kingsway are handy."),
    ("Harbour View", "Piotr is staying at 5 Harbour View.", "Piotr likes living at Harbour View."),
    ("Elm Grove", "The safe house is 2 Elm Grove.", "We can walk to school from Elm Grove."),
    ("Primrose Avenue", "The grandparents live at 40 Primrose Avenue.", "Sunday lunch at Primrose Avenue is a family habit."),
]:
    add("address", kept, seen, term)

# postcode
for term, kept, seen in [
    ("LL11 4RT", "New address: 9 Oak Close, Wrexham LL11 4RT.", "The form says LL11 4RT."),
    ("M14 5RT", "The refuge postcode is M14 5RT.", "Taxi booked to M14 5RT."),
    ("CF31 1AB", "Ola is now at CF31 1AB.", "Ola's doctor letter went to CF31 1AB."),
    ("SW1A 2AA", "Carol's postcode is SW1A 2AA.", "Carol gave SW1A 2AA for the school form."),
    ("B15 2TT", "The safe house postcode is B15 2TT.", "Parcel sent to B15 2TT."),
    ("LS6 3QF", "The refuge is at LS6 3QF.", "The nearest library to LS6 3QF is open late."),
    ("NE1 7RU", "Jade's work is NE1 7RU.", "Jade's shifts start at NE1 7RU at eight."),
    ("G12 8QQ", "Piotr's flat is G12 8QQ.", "Piotr's letters go to G12 8QQ."),
    ("EH8 9YL", "The children's new school is EH8 9YL.", "Bus 24 stops near EH8 9YL."),
    ("LL11 4RT", "New address: 9 Oak Close, LL11 4RT.", "Jade wrote ll11 4rt on the bus pass form."),
    ("M14 5RT", "The refuge postcode is M14 5RT.", "The sat nav said M145RT."),
    ("BS8 1TH", "Ola's new postcode is BS8 1TH.", "Ola's GP is in BS8 1TH."),
]:
    add("postcode", kept, seen, term)

# name used as a place or routine
for term, kept, seen in [
    ("Carol's", "When Daniel has been drinking, Jade takes the children to Carol's flat.", "We go to Carol's when it starts."),
    ("Babcia's", "The children are at Babcia's most days; Piotr must not know.", "The children are at Babcia's most days."),
    ("Babcia's", "Ola hides at Babcia's house when Piotr shouts.", "We sleep at Babcia's sometimes."),
    ("Nan's", "Mia sleeps at Nan's on Fridays so Jade can work.", "Fridays are Nan's night."),
    ("Carol's", "Jade keeps a bag packed at Carol's.", "My things are at Carol's."),
    ("Carol's", "The children go to Carol's after school.", "After school we go round Carol's."),
    ("Aisha's", "Jade stays at Aisha's when it gets bad.", "Mummy goes to Aisha's when she is sad."),
    ("Carol's", "Jade takes the children to Carol's flat when Daniel drinks.", "Carol's flat is where we go."),
    ("Babcia's", "On Sundays the children are taken to Babcia's so Ola can rest.", "Sundays at Babcia's are the best."),
    ("Nan's", "Leo stays at Nan's when Dad comes home drunk.", "I like it at Nan's."),
    ("Carol's", "The safety plan is to go to Carol's.", "If it starts we run to Carol's."),
    ("Aisha's", "Jade's spare key is at Aisha's flat.", "Aisha's flat has a spare key for us."),
    ("Babcia's", "Ola has moved into Babcia's.", "We live at Babcia's now."),
]:
    add("name_as_place", kept, seen, term)

# phone
for term, kept, seen in [
    ("07700 900123", "Jade's new number is 07700 900123.", "Ring Jade on 07700 900123."),
    ("07700900123", "Jade's new number is 07700 900123.", "Jade's mobile: 07700900123."),
    ("0161 496 0000", "The refuge line is 0161 496 0000.", "The refuge said call 0161 496 0000."),
    ("07700-900-456", "Ola's phone is 07700 900456.", "Text Ola on 07700-900-456."),
    ("+44 7700 900789", "Carol's number is 07700 900789.", "Carol can be reached on +44 7700 900789."),
    ("029 2018 0000", "The safe house phone is 029 2018 0000.", "Call 029 2018 0000 if you are late."),
    ("07700 900321", "Piotr's new number is 07700 900321.", "Piotr texted from 07700 900321."),
    ("0113 496 0123", "The contact centre is 0113 496 0123.", "Use 0113 496 0123 for contact."),
    ("07700 900555", "Aisha's number is 07700 900555.", "Aisha's number 07700 900555 is on the fridge."),
    ("(0161) 496 0999", "The nursery line is 0161 496 0999.", "Nursery: (0161) 496 0999."),
    ("07700 900888", "Jade's work phone is 07700 900888.", "07700 900888 is the one to ring."),
    ("01632 960001", "The hostel number is 01632 960001.", "Ring 01632 960001 for the hostel."),
]:
    add("phone", kept, seen, term)

# date
for term, kept, seen in [
    ("14 December", "The court hearing about the move is on 14 December.", "We will know more after 14 December."),
    ("3 March", "Jade's move date is 3 March.", "Everything changes on 3 March."),
    ("12/01/2027", "The injunction hearing is on 12/01/2027.", "Daniel must be at court on 12/01/2027."),
    ("21st June", "Piotr is released on 21 June.", "Ola is worried about the 21st June."),
    ("Boxing Day", "The children will be at Carol's on Boxing Day.", "On Boxing Day we have a plan."),
    ("2027-02-05", "The family moves out on 2027-02-05.", "The removal van is booked for 2027-02-05."),
    ("5th of February", "The family moves on 5 February.", "Moving day is the 5th of February."),
    ("30 November", "Daniel's hearing is on 30 November.", "Daniel is away on 30 November."),
    ("9 Jan", "The new tenancy starts 9 January.", "The keys come on 9 Jan."),
    ("1 April", "Ola's refuge place starts 1 April.", "From 1 April Ola will have her own room."),
    ("August 18", "Leo's operation is on 18 August.", "Leo is in hospital August 18."),
    ("22.10.2026", "Contact stops from 22/10/2026.", "From 22.10.2026 there is no contact."),
]:
    add("date", kept, seen, term)

# time
for term, kept, seen in [
    ("3.15pm", "Jade collects the children at 3.15pm by the back gate.", "Pick-up is 3.15pm every day."),
    ("6:30", "Jade leaves for work at 6:30 each morning.", "Jade goes out at 6:30."),
    ("half past eight", "The children are dropped at Carol's at half past eight.", "We get to Carol's at half past eight."),
    ("7pm", "Contact is at 7pm at the family centre.", "Dad comes at 7pm."),
    ("18:45", "Jade's bus home is at 18:45.", "Jade is on the bus at 18:45."),
    ("9 am", "Ola signs in at the refuge at 9am.", "Ola has to be back by 9 am."),
    ("10.30", "Court starts at 10.30.", "We leave at 10.30 for court."),
    ("midnight", "Daniel comes home drunk around midnight.", "Daddy comes in at midnight."),
    ("5 o'clock", "Carol collects Mia at five o'clock.", "Carol comes at 5 o'clock."),
    ("quarter to four", "Leo walks home alone at quarter to four.", "I walk home at quarter to four."),
    ("11pm", "The shift ends at 11pm.", "Mum gets home at 11pm."),
    ("8:15", "The school run leaves at 8:15 from the side door.", "We go at 8:15."),
]:
    add("time", kept, seen, term)

# unusual phrase / rare words
for term, kept, seen in [
    ("sold from the flat", "Drugs are being sold from the flat.", "People say things are sold from the flat."),
    ("wardrobe", "Mia hides in the wardrobe when Daniel shouts.", "Mia likes her wardrobe with the stars on."),
    ("blue Vauxhall", "Daniel drives a blue Vauxhall and waits outside school.", "A blue Vauxhall was outside."),
    ("allotment", "Jade hides money at the allotment shed.", "Carol grows beans at the allotment."),
    ("cannabis", "There is cannabis growing in the loft.", "Daniel said the cannabis was not his."),
    ("ankle tag", "Daniel is wearing an ankle tag.", "Dad has a thing on his leg, an ankle tag."),
    ("caravan", "Jade sometimes sleeps in the caravan behind the pub.", "We went to the caravan again."),
    ("burner phone", "Jade has a burner phone Daniel does not know about.", "Mum has a burner phone."),
    ("panic alarm", "Jade has a panic alarm fitted.", "The panic alarm is by the door."),
    ("non-molestation order", "Jade has applied for a non-molestation order.", "The non-molestation order is coming."),
    ("bail conditions", "Daniel's bail conditions keep him away from Oak Close.", "Daniel has bail conditions now."),
    ("MARAC", "The case went to MARAC last week.", "MARAC talked about us."),
    ("rehab", "Piotr is in rehab in another town.", "Dad is at rehab."),
]:
    add("unusual_phrase", kept, seen, term)

# paraphrase
for term, kept, seen in [
    ("Carol's", "Jade takes the children to Carol's flat.", "we go to Carol's"),
    ("Babcia's", "The children spend most days at Babcia's house.", "We are at Babcia's a lot."),
    ("Red Lion", "Daniel spends his benefits at the Red Lion.", "Dad's money goes at the Red Lion."),
    ("Wrexham", "Jade plans to move with the children to Wrexham.", "Mum says we might live in Wrexham."),
    ("wardrobe", "Mia goes into the wardrobe to hide.", "Mia hides in her wardrobe."),
    ("refuge", "Jade has a place at a refuge.", "Mummy said we might go to a refuge."),
    ("Oak Close", "The new house is on Oak Close.", "We are moving to Oak Close."),
    ("Nan's", "Leo is taken to Nan's every time Dad drinks.", "When Dad drinks I go to Nan's."),
    ("Aisha's", "Jade escapes to Aisha's flat.", "Mum runs to Aisha's."),
    ("Little Acorns", "Mia has a place at Little Acorns nursery.", "Mia starts Little Acorns soon."),
    ("St Mary's", "Leo has moved to St Mary's.", "Leo's new school is St Mary's."),
    ("allotment", "The children are kept at the allotment while Jade works.", "We play at the allotment while Mum works."),
]:
    add("paraphrase", kept, seen, term)

N = []
def non(kept, seen):
    N.append({"kept_back": kept, "seen": seen})

kept_pool = [
    "When Daniel has been drinking, Jade takes the children to Carol's flat.",
    "The victim's new address is 9 Oak Close.",
    "The children are at Babcia's most days; Piotr must not know.",
    "Jade's new number is 07700 900123.",
    "Drugs are being sold from the flat.",
    "The refuge postcode is M14 5RT.",
    "Jade collects the children at 3.15pm by the back gate.",
    "The court hearing about the move is on 14 December.",
    "Mia now goes to Little Acorns nursery, which Daniel does not know.",
    "Daniel drinks at the Red Lion most afternoons.",
]
seen_pool = [
    "Carol looks after the children every Saturday and they enjoy being with her.",
    "Jade and Carol will make a safety plan together.",
    "Carol said she is proud of Jade.",
    "Daniel will go to the alcohol service.",
    "Jade loves the children very much.",
    "The children are happy and healthy.",
    "Mia enjoys drawing and Leo likes the sand pit.",
    "Sam will visit the family every two weeks.",
    "Babcia cooks for the children and they love her food.",
    "Ola and Babcia came to the meeting together.",
    "Piotr said he wants to be a good dad.",
    "Nan came to the meeting and spoke about Leo.",
    "Aisha is a good friend to Jade.",
    "Carol's birthday is coming up and the children made a card.",
    "Carol's idea was to have a family meeting.",
    "Jade's mum, Carol, supports her.",
    "The school says Leo reads well.",
    "The health visitor will see Mia next month.",
    "Everyone agreed the plan.",
    "Daniel and Jade both want the children to be safe.",
    "The children go to school every day.",
    "Jade will keep going to the parenting group.",
    "The family will meet again in three months.",
    "Daniel says he has cut down on drinking.",
    "Jade has a new phone.",
    "The flat is clean and warm.",
    "Jade will tell Sam if anything changes.",
    "The children need a calm home.",
    "Carol will help with the school run sometimes.",
    "Leo said he feels safe with his mum.",
    "Mia said she likes her teacher.",
    "Sam will ring Jade next week.",
    "Daniel will not drink before contact.",
    "Piotr will see the children at the family centre.",
    "Ola is doing well at her course.",
    "Babcia says the children are polite.",
    "Jade wants to learn to drive.",
    "Daniel apologised to the children.",
    "The police will share any new worries with Sam.",
    "Jade has been to all her appointments.",
    "Carol is Jade's mum.",
    "Nan will come to the next meeting.",
    "Aisha helps Jade with the shopping.",
    "The GP is happy with Leo's health.",
    "The meeting started at ten.",
    "We will talk again at the review.",
    "Jade said the plan is fair.",
    "Daniel is working on his anger.",
    "The children like going to the park.",
    "The house is near the school.",
]
for i, seen in enumerate(seen_pool):
    non(kept_pool[i % len(kept_pool)], seen)
    non(kept_pool[(i + 3) % len(kept_pool)], seen)
json.dump({"about": "A labelled corpus for the leak finder: each leak repeats a telling word or phrase "
           "(term) of the kept-back text in text the same reader sees; each non-leak shares only names "
           "of people in the meeting or common words. Every name is invented.",
           "people": people, "leaks": L, "non_leaks": N},
          open("tests/data/leaks/corpus.json", "w"), indent=1, ensure_ascii=False)
from collections import Counter
print(len(L), len(N), Counter(x["kind"] for x in L))
