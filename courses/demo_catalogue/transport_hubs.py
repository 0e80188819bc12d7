"""Demo course: protecting transport hubs (protective tactics; results 01 and 03)."""

from .content import (
    bullets,
    callout,
    checklist,
    heading,
    image,
    multiple,
    numeric,
    para,
    scenario,
    single,
    true_false,
)

COURSE = {
    "slug": "protecting-transport-hubs",
    "topic": "protection",
    "audience": "operator",
    "also_for": ["police", "private"],
    "estimated_hours": "0.5",
    "pass_mark": 70,
    "certificate_validity_months": 24,
    "competencies": [
        {"code": "PT-1", "level": 2},
        {"code": "PT-2", "level": 1},
        {"code": "PT-3", "level": 2},
    ],
    "en": {
        "title": "Protecting transport hubs: stations, terminals, ports and airports",
        "summary": "Spot hostile reconnaissance, keep vehicles away from crowds and run "
        "screening that people accept, in the bus terminals, railway stations, ferry ports "
        "and airport forecourts where thousands of travellers wait every day.",
        "objectives": bullets(
            "Recognise the signs of hostile reconnaissance and report them",
            "Choose layered measures against a vehicle used as a weapon",
            "Organise access control and screening without creating a new crowd",
            "Agree who does what with the operator, the police and private security",
        ),
        "audience_note": "Transport and venue operators, police and gendarmerie units at "
        "transport hubs, private security supervisors.",
    },
    "fr": {
        "slug": "proteger-les-poles-de-transport",
        "title": "Protéger les pôles de transport : gares, terminaux, ports et aéroports",
        "summary": "Repérer les repérages hostiles, tenir les véhicules à distance des foules "
        "et organiser un filtrage que le public accepte, dans les gares routières et "
        "ferroviaires, les ports et les parvis d’aéroport où des milliers de voyageurs "
        "attendent chaque jour.",
        "objectives": bullets(
            "Reconnaître les signes d’un repérage hostile et les signaler",
            "Choisir des mesures en couches contre un véhicule utilisé comme arme",
            "Organiser le contrôle d’accès et le filtrage sans créer une nouvelle foule",
            "Convenir de qui fait quoi avec l’exploitant, la police et la sécurité privée",
        ),
        "audience_note": "Exploitants de transports et de sites, unités de police et de "
        "gendarmerie des pôles de transport, superviseurs de sécurité privée.",
    },
    "lessons": [
        {
            "slug": "why-transport-hubs",
            "minutes": 3,
            "en": {
                "title": "Why transport hubs are targeted",
                "body": [
                    heading("Crowds that cannot choose where to stand"),
                    para(
                        "A transport hub gathers people at predictable times, in predictable "
                        "places: the ticket hall at 7 a.m., the bus bays on Friday evening, the "
                        "arrivals hall when a long-haul flight lands. Travellers carry bags, so "
                        "one more bag draws little attention. Many people are strangers to the "
                        "place and do not know the exits. These are the reasons attackers have "
                        "chosen stations, airports and bus terminals around the world, "
                        "including in East and West Africa.",
                        "Hubs are also <b>critical infrastructure</b>: closing a port or the "
                        "main bus terminal for a day costs the economy far more than the damage "
                        "itself. Protecting them is about keeping people safe and keeping the "
                        "country moving.",
                    ),
                    image(
                        "transport-hub-zones",
                        "Plan of a bus terminal with three zones: the open forecourt on the "
                        "road, the ticket hall behind a screening line, and the boarding bays "
                        "behind a second line.",
                        "Three zones of a terminal: forecourt, landside hall, boarding area.",
                    ),
                    para(
                        "Think of a hub as three zones. The <b>forecourt</b> is open to the "
                        "street and to vehicles. The <b>landside hall</b> is public but can be "
                        "watched and managed. The <b>boarding area</b> is reserved for "
                        "travellers and staff who have passed a check. Each zone needs its own "
                        "measures, and the edges between them are where queues form.",
                    ),
                    checklist(
                        "Walk your hub and note",
                        "Where and when the biggest crowds form",
                        "Where a vehicle can reach those crowds",
                        "Where bags are left, stored or checked",
                        "Which doors staff use and who controls them",
                        "Who is on duty at night, and who they call",
                    ),
                ],
            },
            "fr": {
                "slug": "pourquoi-les-poles-de-transport",
                "title": "Pourquoi les pôles de transport sont visés",
                "body": [
                    heading("Des foules qui ne choisissent pas où se tenir"),
                    para(
                        "Un pôle de transport rassemble des personnes à des heures et à des "
                        "endroits prévisibles : le hall des billets à 7 h, les quais de bus le "
                        "vendredi soir, le hall des arrivées quand un long-courrier atterrit. "
                        "Les voyageurs portent des bagages, un sac de plus attire donc peu "
                        "l’attention. Beaucoup ne connaissent pas les lieux ni les sorties. "
                        "C’est pourquoi des attaquants ont choisi des gares, des aéroports et "
                        "des gares routières partout dans le monde, y compris en Afrique de "
                        "l’Ouest et de l’Est.",
                        "Les pôles sont aussi des <b>infrastructures critiques</b> : fermer un "
                        "port ou la gare routière principale pendant une journée coûte à "
                        "l’économie bien plus que les dégâts eux-mêmes. Les protéger, c’est "
                        "garder les personnes en sécurité et le pays en mouvement.",
                    ),
                    image(
                        "transport-hub-zones",
                        "Plan d’une gare routière en trois zones : le parvis ouvert sur la "
                        "route, le hall des billets derrière une ligne de filtrage, et les "
                        "quais d’embarquement derrière une seconde ligne.",
                        "Trois zones d’un terminal : parvis, hall public, zone d’embarquement.",
                    ),
                    para(
                        "Voyez un pôle comme trois zones. Le <b>parvis</b> est ouvert à la rue "
                        "et aux véhicules. Le <b>hall public</b> est accessible à tous mais "
                        "peut être surveillé et géré. La <b>zone d’embarquement</b> est "
                        "réservée aux voyageurs et au personnel contrôlés. Chaque zone a ses "
                        "propres mesures, et c’est aux limites entre elles que se forment les "
                        "files d’attente.",
                    ),
                    checklist(
                        "Parcourez votre pôle et notez",
                        "Où et quand se forment les plus grandes foules",
                        "Où un véhicule peut atteindre ces foules",
                        "Où les bagages sont laissés, stockés ou contrôlés",
                        "Quelles portes le personnel utilise et qui les contrôle",
                        "Qui est de service la nuit, et qui il appelle",
                    ),
                ],
            },
        },
        {
            "slug": "hostile-reconnaissance",
            "minutes": 8,
            "en": {
                "title": "Detecting hostile reconnaissance",
                "body": [
                    heading("Attackers look before they act"),
                    para(
                        "Almost every planned attack is preceded by <b>hostile "
                        "reconnaissance</b>: visits to learn the layout, the busy times, the "
                        "position of guards and cameras, and how staff react. This is the "
                        "moment when the attacker is most exposed and when a trained guard, "
                        "cleaner or ticket agent can stop the plan.",
                        "What matters is behaviour, never appearance, origin or religion. "
                        "Watch for someone who:",
                        bullets(
                            "films or photographs security features rather than people or views",
                            "stays a long time without travelling, or comes back on several days",
                            "asks staff unusual questions about shifts, CCTV or locked doors",
                            "tests reactions: leaves a bag and watches, or tries a staff door",
                            "avoids cameras and uniformed staff, or seems nervous when approached",
                        ),
                    ),
                    callout(
                        "tip",
                        "A friendly word deters",
                        "A polite “Good morning, can I help you find your bus?” tells a "
                        "person doing reconnaissance that they have been noticed. It costs "
                        "nothing and travellers appreciate it.",
                    ),
                    para(
                        "Report what you saw, when and where, with a description of the person "
                        "and any vehicle, to your supervisor and the police contact of the hub. "
                        "Do not follow or detain the person yourself unless that is your role.",
                    ),
                    scenario(
                        "The man with the phone at bay 4",
                        "On Tuesday and again on Thursday, a cleaner at the main bus terminal "
                        "sees the same man standing near bay 4 for about an hour. He does not "
                        "board any bus. He films the gate where the private guards check bags, "
                        "then the camera above the ticket office.",
                        [
                            "Is this behaviour worth reporting? Why?",
                            "What exactly should the cleaner report, and to whom?",
                            "What could the guards do the next time he comes?",
                        ],
                        "Yes: repeated presence without travelling and filming security "
                        "measures are classic signs. The cleaner reports the days, times, "
                        "description and what was filmed to the shift supervisor, who informs "
                        "the police liaison. Next time, a guard greets him and offers help: "
                        "engagement deters, and the police decide on any further step.",
                    ),
                ],
            },
            "fr": {
                "slug": "detecter-les-reperages-hostiles",
                "title": "Détecter les repérages hostiles",
                "body": [
                    heading("Les attaquants observent avant d’agir"),
                    para(
                        "Presque toute attaque préparée est précédée d’un <b>repérage "
                        "hostile</b> : des visites pour apprendre la disposition des lieux, "
                        "les heures d’affluence, la position des agents et des caméras, et la "
                        "façon dont le personnel réagit. C’est le moment où l’attaquant est le "
                        "plus exposé, et où un agent, un agent d’entretien ou un guichetier "
                        "formé peut faire échouer le projet.",
                        "Ce qui compte, c’est le comportement, jamais l’apparence, l’origine "
                        "ou la religion. Soyez attentif à une personne qui :",
                        bullets(
                            "filme ou photographie les dispositifs de sécurité plutôt que les "
                            "gens ou le paysage",
                            "reste longtemps sans voyager, ou revient plusieurs jours",
                            "pose au personnel des questions inhabituelles sur les horaires, la "
                            "vidéoprotection ou les portes fermées",
                            "teste les réactions : laisse un sac et observe, ou essaie une "
                            "porte de service",
                            "évite les caméras et les agents en uniforme, ou paraît nerveuse "
                            "quand on l’aborde",
                        ),
                    ),
                    callout(
                        "tip",
                        "Un mot aimable dissuade",
                        "Un « Bonjour, puis-je vous aider à trouver votre bus ? » poli fait "
                        "comprendre à une personne en repérage qu’elle a été remarquée. Cela "
                        "ne coûte rien et les voyageurs l’apprécient.",
                    ),
                    para(
                        "Signalez ce que vous avez vu, quand et où, avec une description de la "
                        "personne et de tout véhicule, à votre superviseur et au contact "
                        "police du site. Ne suivez pas et ne retenez pas la personne vous-même, "
                        "sauf si c’est votre rôle.",
                    ),
                    scenario(
                        "L’homme au téléphone du quai 4",
                        "Mardi, puis jeudi, une agente d’entretien de la gare routière "
                        "principale voit le même homme rester environ une heure près du quai 4. "
                        "Il ne monte dans aucun bus. Il filme le portique où les agents privés "
                        "contrôlent les sacs, puis la caméra au-dessus du guichet.",
                        [
                            "Ce comportement mérite-t-il un signalement ? Pourquoi ?",
                            "Que doit signaler précisément l’agente, et à qui ?",
                            "Que pourraient faire les agents la prochaine fois qu’il viendra ?",
                        ],
                        "Oui : une présence répétée sans voyager et le fait de filmer les "
                        "mesures de sécurité sont des signes classiques. L’agente signale les "
                        "jours, les heures, la description et ce qui a été filmé au chef "
                        "d’équipe, qui prévient l’officier de liaison de la police. La "
                        "prochaine fois, un agent le salue et lui propose son aide : "
                        "l’interaction dissuade, et la police décide de la suite.",
                    ),
                ],
            },
        },
        {
            "slug": "vehicles-and-stand-off",
            "minutes": 6,
            "en": {
                "title": "Keeping vehicles away from crowds",
                "body": [
                    heading("Stand-off and layers"),
                    para(
                        "A car or truck driven into a queue is one of the simplest attacks to "
                        "prepare and one of the deadliest. The answer is <b>stand-off</b>: "
                        "keep vehicles far enough from the places where people gather, and "
                        "make sure that any vehicle that must come close is slow and known.",
                        "Protection works in <b>layers</b>. Traffic management slows vehicles "
                        "and keeps them in lanes. Physical barriers — bollards, heavy planters, "
                        "concrete benches, rated gates — stop a vehicle that leaves the lane. "
                        "Observation — guards and CCTV — detects a vehicle that behaves "
                        "strangely and gives time to warn the crowd.",
                    ),
                    image(
                        "vehicle-stand-off",
                        "Diagram of a station forecourt: a road, a line of bollards with "
                        "1.2-metre gaps, a stand-off distance and the queue of travellers "
                        "behind them.",
                        "Bollards keep vehicles at a stand-off distance from the queue.",
                    ),
                    para(
                        "Gaps between bollards must let pushchairs, wheelchairs and people "
                        "through, but not a car: about 1.2 metres is usual. Emergency vehicles "
                        "still need a way in, so plan a removable or guarded barrier for them. "
                        "Taxi ranks and drop-off points should be placed away from the "
                        "entrances, not against them.",
                    ),
                    scenario(
                        "New drop-off lane at the airport",
                        "The airport operator plans a new drop-off lane running right along "
                        "the departures hall, to ease congestion. Travellers will queue on the "
                        "pavement for the first check, two metres from the lane.",
                        [
                            "What risk does this design create?",
                            "Which three measures would you propose to the operator?",
                        ],
                        "The queue sits within reach of any vehicle in the lane. Move the "
                        "queue inside or behind a line of rated bollards, slow the lane with "
                        "chicanes, and keep guards watching the lane entrance so that a "
                        "vehicle stopping too long is challenged.",
                    ),
                ],
            },
            "fr": {
                "slug": "tenir-les-vehicules-a-distance",
                "title": "Tenir les véhicules à distance des foules",
                "body": [
                    heading("Distance de sécurité et couches de protection"),
                    para(
                        "Une voiture ou un camion lancé dans une file d’attente est l’une des "
                        "attaques les plus simples à préparer et l’une des plus meurtrières. "
                        "La réponse est la <b>distance de sécurité</b> : tenir les véhicules "
                        "assez loin des lieux où les gens se rassemblent, et s’assurer que "
                        "tout véhicule qui doit s’approcher roule lentement et est connu.",
                        "La protection fonctionne en <b>couches</b>. La gestion de la "
                        "circulation ralentit les véhicules et les maintient dans des voies. "
                        "Les obstacles physiques — bornes, jardinières lourdes, bancs en béton, "
                        "portails certifiés — arrêtent un véhicule qui sort de sa voie. "
                        "L’observation — agents et caméras — repère un véhicule au "
                        "comportement étrange et donne le temps d’alerter la foule.",
                    ),
                    image(
                        "vehicle-stand-off",
                        "Schéma d’un parvis de gare : une route, une ligne de bornes espacées "
                        "de 1,2 mètre, une distance de sécurité et la file de voyageurs "
                        "derrière elles.",
                        "Les bornes tiennent les véhicules à distance de la file d’attente.",
                    ),
                    para(
                        "L’espace entre les bornes doit laisser passer poussettes, fauteuils "
                        "roulants et piétons, mais pas une voiture : environ 1,2 mètre est "
                        "l’usage. Les véhicules de secours doivent toujours pouvoir entrer : "
                        "prévoyez pour eux une barrière amovible ou gardée. Les stations de "
                        "taxis et les déposes-minute doivent être placées loin des entrées, "
                        "pas contre elles.",
                    ),
                    scenario(
                        "La nouvelle voie de dépose à l’aéroport",
                        "L’exploitant de l’aéroport prévoit une nouvelle voie de dépose le long "
                        "du hall des départs, pour réduire les embouteillages. Les voyageurs "
                        "feront la queue sur le trottoir pour le premier contrôle, à deux "
                        "mètres de la voie.",
                        [
                            "Quel risque ce projet crée-t-il ?",
                            "Quelles trois mesures proposeriez-vous à l’exploitant ?",
                        ],
                        "La file se trouve à portée de tout véhicule de la voie. Déplacez la "
                        "file à l’intérieur ou derrière une ligne de bornes certifiées, "
                        "ralentissez la voie par des chicanes, et faites surveiller l’entrée "
                        "de la voie par des agents pour interpeller un véhicule qui s’arrête "
                        "trop longtemps.",
                    ),
                ],
            },
        },
        {
            "slug": "screening-without-new-crowds",
            "minutes": 8,
            "en": {
                "title": "Screening without creating a new crowd",
                "body": [
                    heading("Checks that protect instead of exposing"),
                    para(
                        "Bag checks and walk-through detectors reassure travellers and deter "
                        "some attackers. But a badly placed check creates a dense, slow queue "
                        "in the open: a new target. Before adding a check, ask where the queue "
                        "will stand, how long it will be at the busiest hour, and what "
                        "protects it.",
                        "Good practice at the entrance of a hall:",
                        bullets(
                            "place the check inside or behind the vehicle barrier line, never "
                            "on the kerb",
                            "open enough lanes for the peak: count arrivals per hour and the "
                            "time one check takes",
                            "keep a supervisor who can open more lanes or switch to random "
                            "checks when the queue grows",
                            "train screeners to search respectfully, with a female screener "
                            "for women who ask for one",
                        ),
                    ),
                    callout(
                        "info",
                        "A quick calculation",
                        "If 1,800 travellers arrive in the busiest hour and one check takes "
                        "20 seconds, one lane handles 180 people an hour: you need 10 lanes, "
                        "or a lighter check.",
                    ),
                    scenario(
                        "Match day at the railway station",
                        "On match days, 6,000 supporters take the train from the central "
                        "station within two hours. Private security has two bag-check lanes "
                        "at the main door. Last month the queue reached the road and a "
                        "traveller fainted in the heat.",
                        [
                            "How many lanes would the peak need if a check takes 30 seconds?",
                            "What can the operator change besides the number of lanes?",
                            "Who should agree the match-day plan?",
                        ],
                        "6,000 people in two hours is 3,000 an hour; at 30 seconds a check one "
                        "lane handles 120 an hour, so 25 lanes — impossible. Use lighter, "
                        "random checks, open the side doors with checks behind the barrier "
                        "line, stagger trains with the club and give water and shade. The "
                        "station operator, the police commander and the security company "
                        "agree the plan before the season.",
                    ),
                ],
            },
            "fr": {
                "slug": "filtrer-sans-creer-de-foule",
                "title": "Filtrer sans créer une nouvelle foule",
                "body": [
                    heading("Des contrôles qui protègent au lieu d’exposer"),
                    para(
                        "Les fouilles de sacs et les portiques détecteurs rassurent les "
                        "voyageurs et dissuadent certains attaquants. Mais un contrôle mal "
                        "placé crée une file dense et lente à découvert : une nouvelle cible. "
                        "Avant d’ajouter un contrôle, demandez-vous où la file se tiendra, "
                        "quelle sera sa longueur à l’heure de pointe et ce qui la protège.",
                        "Bonnes pratiques à l’entrée d’un hall :",
                        bullets(
                            "placer le contrôle à l’intérieur ou derrière la ligne de bornes, "
                            "jamais au bord du trottoir",
                            "ouvrir assez de files pour la pointe : compter les arrivées par "
                            "heure et la durée d’un contrôle",
                            "garder un superviseur qui peut ouvrir des files ou passer à des "
                            "contrôles aléatoires quand la file s’allonge",
                            "former les agents à fouiller avec respect, avec une agente pour "
                            "les femmes qui le demandent",
                        ),
                    ),
                    callout(
                        "info",
                        "Un calcul rapide",
                        "Si 1 800 voyageurs arrivent à l’heure de pointe et qu’un contrôle "
                        "dure 20 secondes, une file traite 180 personnes par heure : il vous "
                        "faut 10 files, ou un contrôle plus léger.",
                    ),
                    scenario(
                        "Jour de match à la gare",
                        "Les jours de match, 6 000 supporters prennent le train à la gare "
                        "centrale en deux heures. La sécurité privée tient deux files de "
                        "fouille à la porte principale. Le mois dernier, la file a atteint la "
                        "route et un voyageur s’est évanoui sous la chaleur.",
                        [
                            "Combien de files faudrait-il à la pointe si un contrôle dure "
                            "30 secondes ?",
                            "Que peut changer l’exploitant, en dehors du nombre de files ?",
                            "Qui doit valider le plan des jours de match ?",
                        ],
                        "6 000 personnes en deux heures, c’est 3 000 par heure ; à 30 secondes "
                        "par contrôle, une file traite 120 personnes par heure, donc 25 files "
                        "— impossible. Passez à des contrôles plus légers et aléatoires, "
                        "ouvrez les portes latérales avec des contrôles derrière la ligne de "
                        "bornes, échelonnez les trains avec le club, et prévoyez eau et ombre. "
                        "L’exploitant de la gare, le commandant de police et la société de "
                        "sécurité valident le plan avant la saison.",
                    ),
                ],
            },
        },
    ],
}

# Equivalent forms: question n of the pre-test and of the post-test measure the same thing.
TESTS = {
    "en": {
        "title": "Protecting transport hubs",
        "pre": [
            single(
                "PT-1",
                "Which behaviour is a sign of hostile reconnaissance?",
                ("Filming the bag-check gate and the cameras above it", True, ""),
                ("Photographing family members in front of a bus", False, ""),
                ("Asking which bay the Kumasi bus leaves from", False, ""),
            ),
            true_false(
                "PT-1",
                "A person's clothing or religion is a useful sign of reconnaissance.",
                False,
                lang="en",
                feedback="Only behaviour matters.",
            ),
            single(
                "PT-2",
                "What is the main purpose of stand-off distance?",
                ("To keep vehicles far enough from crowds", True, ""),
                ("To give taxis more space", False, ""),
                ("To make screening faster", False, ""),
            ),
            multiple(
                "PT-2",
                "Which of these stop a vehicle that leaves its lane?",
                ("Rated bollards", True, ""),
                ("Heavy concrete planters", True, ""),
                ("A CCTV camera", False, "A camera detects; it does not stop."),
                ("A sign asking drivers to slow down", False, ""),
            ),
            single(
                "PT-3",
                "Where should a bag check at a hall entrance stand?",
                ("Behind the vehicle barrier line", True, ""),
                ("On the kerb, so cars can drop people at the check", False, ""),
                ("In the middle of the road", False, ""),
            ),
            numeric(
                "PT-3",
                "1,200 travellers arrive in the busiest hour and one check takes "
                "30 seconds. How many lanes are needed?",
                "10",
                feedback="One lane handles 120 people an hour; 1,200 ÷ 120 = 10.",
            ),
        ],
        "post": [
            single(
                "PT-1",
                "Which of these should a ticket agent report as possible reconnaissance?",
                ("A visitor asking when the night guards change shift", True, ""),
                ("A traveller asking for a refund", False, ""),
                ("A child taking pictures of the buses", False, ""),
            ),
            true_false(
                "PT-1",
                "Greeting a person who seems to be observing the site can deter them.",
                True,
                lang="en",
                feedback="Engagement tells them they have been noticed.",
            ),
            single(
                "PT-2",
                "Where should a taxi rank be placed?",
                ("Away from the entrances, behind protection", True, ""),
                ("Right against the main entrance", False, ""),
                ("Inside the ticket hall", False, ""),
            ),
            multiple(
                "PT-2",
                "Which measures slow vehicles before they reach a crowd?",
                ("Chicanes in the approach lane", True, ""),
                ("Speed humps", True, ""),
                ("Posters in the hall", False, ""),
                ("A metal detector", False, "A detector checks people, not vehicles."),
            ),
            single(
                "PT-3",
                "The queue for the check reaches the road. What is the first "
                "thing a supervisor should do?",
                ("Open more lanes or switch to lighter, random checks", True, ""),
                ("Stop all checks", False, ""),
                ("Ask people to wait on the road", False, ""),
            ),
            numeric(
                "PT-3",
                "1,440 travellers arrive in the busiest hour and one check takes "
                "20 seconds. How many lanes are needed?",
                "8",
                feedback="One lane handles 180 people an hour; 1,440 ÷ 180 = 8.",
            ),
        ],
    },
    "fr": {
        "title": "Protéger les pôles de transport",
        "pre": [
            single(
                "PT-1",
                "Quel comportement est un signe de repérage hostile ?",
                ("Filmer le portique de fouille et les caméras au-dessus", True, ""),
                ("Photographier sa famille devant un bus", False, ""),
                ("Demander de quel quai part le bus pour Thiès", False, ""),
            ),
            true_false(
                "PT-1",
                "La tenue ou la religion d’une personne est un bon indice de repérage.",
                False,
                lang="fr",
                feedback="Seul le comportement compte.",
            ),
            single(
                "PT-2",
                "À quoi sert d’abord la distance de sécurité ?",
                ("À tenir les véhicules assez loin des foules", True, ""),
                ("À donner plus de place aux taxis", False, ""),
                ("À accélérer le filtrage", False, ""),
            ),
            multiple(
                "PT-2",
                "Lesquels arrêtent un véhicule qui sort de sa voie ?",
                ("Des bornes certifiées", True, ""),
                ("De lourdes jardinières en béton", True, ""),
                ("Une caméra", False, "Une caméra détecte, elle n’arrête pas."),
                ("Un panneau demandant de ralentir", False, ""),
            ),
            single(
                "PT-3",
                "Où placer un contrôle de sacs à l’entrée d’un hall ?",
                ("Derrière la ligne de bornes anti-véhicules", True, ""),
                ("Au bord du trottoir, pour déposer les gens au contrôle", False, ""),
                ("Au milieu de la route", False, ""),
            ),
            numeric(
                "PT-3",
                "1 200 voyageurs arrivent à l’heure de pointe et un contrôle dure "
                "30 secondes. Combien de files faut-il ?",
                "10",
                feedback="Une file traite 120 personnes par heure ; 1 200 ÷ 120 = 10.",
            ),
        ],
        "post": [
            single(
                "PT-1",
                "Que doit signaler un guichetier comme possible repérage ?",
                ("Un visiteur qui demande quand les gardiens de nuit changent d’équipe", True, ""),
                ("Un voyageur qui demande un remboursement", False, ""),
                ("Un enfant qui photographie les bus", False, ""),
            ),
            true_false(
                "PT-1",
                "Saluer une personne qui semble observer le site peut la dissuader.",
                True,
                lang="fr",
                feedback="L’interaction lui montre qu’elle a été remarquée.",
            ),
            single(
                "PT-2",
                "Où placer une station de taxis ?",
                ("Loin des entrées, derrière une protection", True, ""),
                ("Contre l’entrée principale", False, ""),
                ("Dans le hall des billets", False, ""),
            ),
            multiple(
                "PT-2",
                "Quelles mesures ralentissent les véhicules avant la foule ?",
                ("Des chicanes sur la voie d’accès", True, ""),
                ("Des ralentisseurs", True, ""),
                ("Des affiches dans le hall", False, ""),
                (
                    "Un détecteur de métaux",
                    False,
                    "Un détecteur contrôle les personnes, pas les véhicules.",
                ),
            ),
            single(
                "PT-3",
                "La file du contrôle atteint la route. Que doit faire d’abord le superviseur ?",
                ("Ouvrir des files ou passer à des contrôles plus légers et aléatoires", True, ""),
                ("Arrêter tous les contrôles", False, ""),
                ("Faire attendre les gens sur la route", False, ""),
            ),
            numeric(
                "PT-3",
                "1 440 voyageurs arrivent à l’heure de pointe et un contrôle dure "
                "20 secondes. Combien de files faut-il ?",
                "8",
                feedback="Une file traite 180 personnes par heure ; 1 440 ÷ 180 = 8.",
            ),
        ],
    },
}
