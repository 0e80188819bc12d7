"""Demo course: reaction and recovery (results 02); its first lesson has the demo video."""

from .content import (
    bullets,
    callout,
    checklist,
    heading,
    image,
    multiple,
    para,
    scenario,
    single,
    true_false,
    video,
)

# The demo video: a narrated slide each (title, narration); make_media.py draws and
# voices them, and the narration is the transcript and the captions.
SLIDES = {
    "en": [
        (
            "Move away · Hide · Alert",
            "If an attack starts near you, remember three steps: move away, hide, alert.",
        ),
        (
            "1. Move away",
            "Move away from the danger, quickly and quietly, by the exit you "
            "know. Leave your belongings.",
        ),
        (
            "2. Hide",
            "If you cannot get out, hide behind something solid. Lock or block the "
            "door, and silence your phone.",
        ),
        (
            "3. Alert",
            "When you are safe, alert the police. Say where you are, what you saw, "
            "how many attackers, and which way they went.",
        ),
        (
            "Staff",
            "Staff: guide the public, keep them away from windows, and follow the "
            "instructions of the police.",
        ),
    ],
    "fr": [
        (
            "S’échapper · Se cacher · Alerter",
            "Si une attaque éclate près de vous, retenez "
            "trois étapes : s’échapper, se cacher, alerter.",
        ),
        (
            "1. S’échapper",
            "Éloignez-vous du danger, vite et sans bruit, par la sortie que "
            "vous connaissez. Laissez vos affaires.",
        ),
        (
            "2. Se cacher",
            "Si vous ne pouvez pas sortir, cachez-vous derrière un obstacle "
            "solide. Verrouillez ou bloquez la porte, et mettez votre téléphone en silencieux.",
        ),
        (
            "3. Alerter",
            "Une fois en sécurité, alertez la police. Dites où vous êtes, ce que "
            "vous avez vu, combien d’attaquants, et dans quelle direction ils sont partis.",
        ),
        (
            "Personnel",
            "Personnel : guidez le public, éloignez-le des fenêtres, et suivez les "
            "consignes de la police.",
        ),
    ],
}


def transcript(lang: str) -> str:
    return "\n".join(text for _title, text in SLIDES[lang])


COURSE = {
    "slug": "reaction-and-recovery",
    "topic": "response",
    "audience": "all",
    "also_for": [],
    "estimated_hours": "0.5",
    "pass_mark": 70,
    "certificate_validity_months": 24,
    "competencies": [
        {"code": "RE-1", "level": 1},
        {"code": "RE-2", "level": 2},
        {"code": "RC-1", "level": 1},
    ],
    "en": {
        "title": "Reaction and recovery: the first minutes and the days after",
        "summary": "What staff, guards and first responders do in the first minutes of an "
        "attack in a crowded place, how to decide between evacuation and invacuation, and "
        "how a site reopens safely afterwards.",
        "objectives": bullets(
            "Apply and teach “move away, hide, alert”",
            "Choose between evacuation and invacuation for a given threat",
            "Help the injured and hand over to the emergency services",
            "Plan the reopening and continuity of a site after an incident",
        ),
        "audience_note": "Everyone who works in or protects a public space: staff, guards, "
        "police, gendarmerie, operators and authorities.",
    },
    "fr": {
        "slug": "reaction-et-retablissement",
        "title": "Réaction et rétablissement : les premières minutes et les jours suivants",
        "summary": "Ce que font le personnel, les agents et les primo-intervenants dans les "
        "premières minutes d’une attaque dans un lieu fréquenté, comment choisir entre "
        "évacuation et confinement, et comment un site rouvre en sécurité ensuite.",
        "objectives": bullets(
            "Appliquer et enseigner « s’échapper, se cacher, alerter »",
            "Choisir entre évacuation et confinement selon la menace",
            "Aider les blessés et passer le relais aux secours",
            "Préparer la réouverture et la continuité d’un site après un incident",
        ),
        "audience_note": "Toute personne qui travaille dans un espace public ou le protège : "
        "personnel, agents, police, gendarmerie, exploitants et autorités.",
    },
    "lessons": [
        {
            "slug": "move-away-hide-alert",
            "minutes": 6,
            "en": {
                "title": "Move away, hide, alert",
                "body": [
                    heading("Three steps anyone can remember"),
                    para(
                        "In a marauding attack — with a firearm, a knife or a vehicle — the "
                        "first minutes decide how many people survive. The police will take "
                        "time to arrive; what the public and the staff do before then matters "
                        "most. Watch the short video, then read the transcript.",
                    ),
                    video(
                        "move-away-hide-alert",
                        "Move away, hide, alert (40 seconds)",
                        transcript("en"),
                    ),
                    callout(
                        "warning",
                        "Staff lead by example",
                        "People follow those in uniform or with a badge. A guard who knows "
                        "the exits and says “This way, now!” saves lives.",
                    ),
                    scenario(
                        "Shots at the bus terminal",
                        "You are a guard at the gate of a bus terminal. You hear shots from "
                        "the ticket hall, 50 metres away; people run towards your gate and "
                        "some freeze on the spot.",
                        [
                            "What do you say and do in the first ten seconds?",
                            "Where do you send people, and where do you go yourself?",
                        ],
                        "Shout short orders — “This way, out, now!” — and point away from the "
                        "hall, to the exit you know is clear. Move with the crowd; once safe, "
                        "call the police with the location, number of attackers and "
                        "direction, then stop anyone from going back in.",
                    ),
                ],
            },
            "fr": {
                "slug": "s-echapper-se-cacher-alerter",
                "title": "S’échapper, se cacher, alerter",
                "body": [
                    heading("Trois étapes que chacun retient"),
                    para(
                        "Lors d’une attaque mobile — arme à feu, couteau ou véhicule — les "
                        "premières minutes décident du nombre de survivants. La police mettra "
                        "du temps à arriver ; ce que font le public et le personnel d’ici là "
                        "compte le plus. Regardez la courte vidéo, puis lisez la "
                        "transcription.",
                    ),
                    video(
                        "move-away-hide-alert",
                        "S’échapper, se cacher, alerter (40 secondes)",
                        transcript("fr"),
                    ),
                    callout(
                        "warning",
                        "Le personnel montre l’exemple",
                        "Le public suit les personnes en uniforme ou portant un badge. Un "
                        "agent qui connaît les sorties et dit « Par ici, maintenant ! » sauve "
                        "des vies.",
                    ),
                    scenario(
                        "Des coups de feu à la gare routière",
                        "Vous êtes agent au portail d’une gare routière. Vous entendez des "
                        "coups de feu dans le hall des billets, à 50 mètres ; des gens courent "
                        "vers votre portail et certains restent figés sur place.",
                        [
                            "Que dites-vous et que faites-vous dans les dix premières secondes ?",
                            "Où envoyez-vous les gens, et où allez-vous vous-même ?",
                        ],
                        "Donnez des ordres courts — « Par ici, dehors, maintenant ! » — et "
                        "montrez la direction opposée au hall, vers la sortie que vous savez "
                        "dégagée. Partez avec la foule ; une fois en sécurité, appelez la "
                        "police avec le lieu, le nombre d’attaquants et leur direction, puis "
                        "empêchez quiconque de revenir.",
                    ),
                ],
            },
        },
        {
            "slug": "evacuate-or-invacuate",
            "minutes": 7,
            "en": {
                "title": "Evacuate or invacuate?",
                "body": [
                    heading("Moving people is not always safer"),
                    para(
                        "<b>Evacuation</b> moves people out, away from a danger inside. "
                        "<b>Invacuation</b> (shelter in place) keeps people inside, away from a "
                        "danger outside — an attacker in the street, a suspicious vehicle at "
                        "the gate. Choosing wrongly can send a crowd towards the threat.",
                        "Decide with what you know: where is the threat, can people move away "
                        "from it, and are the routes and assembly points themselves safe? A "
                        "suspect item near the main exit means evacuating by the other exits, "
                        "and an assembly point at least 100 metres away.",
                    ),
                    image(
                        "evacuate-or-invacuate",
                        "Two buildings side by side. Left, evacuate: the danger is inside and "
                        "people leave by the door. Right, invacuate: the danger is outside "
                        "and people stay inside.",
                        "Evacuate when the danger is inside, invacuate when it is outside.",
                    ),
                    scenario(
                        "Unattended bag at the mall entrance",
                        "At 5 p.m. on a Saturday, a guard finds an unattended bag against the "
                        "main glass doors of a shopping centre; 2,000 people are inside. The "
                        "owner cannot be found.",
                        [
                            "Evacuate, invacuate, or neither yet? What do you check first?",
                            "Which exits and assembly point would you use?",
                            "Who decides, and who calls the police?",
                        ],
                        "Apply the usual checks (hidden, obviously suspicious, typical of the "
                        "place). If it stays suspect, call the police and move people away "
                        "from the main doors: evacuate by the rear exits to an assembly point "
                        "out of sight of the bag, or move people deeper inside if the rear is "
                        "not safe. The duty manager decides, following the site plan.",
                    ),
                ],
            },
            "fr": {
                "slug": "evacuer-ou-confiner",
                "title": "Évacuer ou confiner ?",
                "body": [
                    heading("Déplacer les gens n’est pas toujours plus sûr"),
                    para(
                        "L’<b>évacuation</b> fait sortir les personnes, loin d’un danger "
                        "intérieur. Le <b>confinement</b> (mise à l’abri) les garde à "
                        "l’intérieur, loin d’un danger extérieur — un attaquant dans la rue, "
                        "un véhicule suspect au portail. Un mauvais choix peut envoyer la "
                        "foule vers la menace.",
                        "Décidez avec ce que vous savez : où est la menace, les gens "
                        "peuvent-ils s’en éloigner, et les itinéraires et points de "
                        "rassemblement sont-ils eux-mêmes sûrs ? Un objet suspect près de la "
                        "sortie principale impose d’évacuer par les autres sorties, vers un "
                        "point de rassemblement à 100 mètres au moins.",
                    ),
                    image(
                        "evacuate-or-invacuate",
                        "Deux bâtiments côte à côte. À gauche, évacuer : le danger est à "
                        "l’intérieur et les personnes sortent par la porte. À droite, "
                        "confiner : le danger est dehors et les personnes restent à "
                        "l’intérieur.",
                        "Évacuer quand le danger est dedans, confiner quand il est dehors.",
                    ),
                    scenario(
                        "Sac abandonné à l’entrée du centre commercial",
                        "Un samedi à 17 h, un agent trouve un sac abandonné contre les portes "
                        "vitrées principales d’un centre commercial ; 2 000 personnes sont à "
                        "l’intérieur. Le propriétaire reste introuvable.",
                        [
                            "Évacuer, confiner, ou rien encore ? Que vérifiez-vous d’abord ?",
                            "Quelles sorties et quel point de rassemblement utiliseriez-vous ?",
                            "Qui décide, et qui appelle la police ?",
                        ],
                        "Appliquez les vérifications habituelles (caché, manifestement "
                        "suspect, inhabituel pour le lieu). S’il reste suspect, appelez la "
                        "police et éloignez le public des portes principales : évacuez par les "
                        "sorties arrière vers un point hors de vue du sac, ou faites reculer "
                        "les gens vers l’intérieur si l’arrière n’est pas sûr. Le responsable "
                        "de permanence décide, selon le plan du site.",
                    ),
                ],
            },
        },
        {
            "slug": "helping-the-injured",
            "minutes": 2,
            "en": {
                "title": "Helping the injured until help arrives",
                "body": [
                    heading("Stop the bleeding, keep the way clear"),
                    para(
                        "After an attack, severe bleeding kills within minutes, long before "
                        "an ambulance can reach a cordoned site. Staff trained in first aid "
                        "and a few bleeding-control kits at known places save lives.",
                        "Only help where it is safe: the police say when an area is clear. "
                        "Keep access routes free for the emergency services and tell them "
                        "how many casualties you saw and where.",
                    ),
                    checklist(
                        "Before the next event, check that",
                        "Bleeding-control kits are stocked and staff know where they are",
                        "At least two trained first-aiders are on every shift",
                        "Ambulance access routes are marked and kept free",
                        "The meeting point for the emergency services is agreed",
                    ),
                ],
            },
            "fr": {
                "slug": "aider-les-blesses",
                "title": "Aider les blessés en attendant les secours",
                "body": [
                    heading("Arrêter les hémorragies, dégager les accès"),
                    para(
                        "Après une attaque, une hémorragie grave tue en quelques minutes, bien "
                        "avant qu’une ambulance atteigne un site bouclé. Un personnel formé aux "
                        "premiers secours et quelques trousses hémorragie à des endroits "
                        "connus sauvent des vies.",
                        "N’aidez que là où c’est sûr : la police dit quand une zone est "
                        "sécurisée. Gardez les accès libres pour les secours et dites-leur "
                        "combien de blessés vous avez vus, et où.",
                    ),
                    checklist(
                        "Avant le prochain événement, vérifiez que",
                        "Les trousses hémorragie sont complètes et le personnel sait où elles sont",
                        "Au moins deux secouristes formés sont présents à chaque service",
                        "Les accès ambulance sont balisés et dégagés",
                        "Le point de rendez-vous des secours est convenu",
                    ),
                ],
            },
        },
        {
            "slug": "reopening-and-continuity",
            "minutes": 7,
            "en": {
                "title": "Reopening and business continuity",
                "body": [
                    heading("Recovery starts before the incident"),
                    para(
                        "A site that stays closed for weeks hurts workers, traders and "
                        "travellers, and tells attackers they succeeded. Recovery is planned "
                        "in advance: who decides to reopen, which checks come first, how staff "
                        "and the public are informed, and who supports victims and "
                        "colleagues.",
                        "A simple continuity plan lists the site's critical functions, the "
                        "people and suppliers they need, and a fallback for each one.",
                    ),
                    scenario(
                        "The market after the fire",
                        "A small explosive device damaged one row of stalls at a city market; "
                        "three people were injured. The police have finished their work on "
                        "the scene after two days. Traders want to reopen tomorrow.",
                        [
                            "Which checks must happen before reopening?",
                            "How will you inform traders and the public?",
                            "What support do traders and staff need?",
                        ],
                        "Check structures, power and exits; restore lighting, CCTV and guard "
                        "posts; agree any new measures with the police. Tell traders first, "
                        "then the public, through the market committee, radio and social "
                        "media, with one consistent message. Offer psychological support and "
                        "information on compensation; the city council leads.",
                    ),
                ],
            },
            "fr": {
                "slug": "reouverture-et-continuite",
                "title": "Réouverture et continuité d’activité",
                "body": [
                    heading("Le rétablissement commence avant l’incident"),
                    para(
                        "Un site qui reste fermé des semaines pénalise les travailleurs, les "
                        "commerçants et les voyageurs, et montre aux attaquants qu’ils ont "
                        "réussi. Le rétablissement se prépare à l’avance : qui décide de "
                        "rouvrir, quelles vérifications d’abord, comment informer le personnel "
                        "et le public, qui soutient les victimes et les collègues.",
                        "Un plan de continuité simple recense les fonctions essentielles du "
                        "site, les personnes et fournisseurs dont elles dépendent, et une "
                        "solution de repli pour chacune.",
                    ),
                    scenario(
                        "Le marché après l’incendie",
                        "Un petit engin explosif a endommagé une rangée d’étals d’un marché "
                        "municipal ; trois personnes ont été blessées. La police a terminé "
                        "ses constatations au bout de deux jours. Les commerçants veulent "
                        "rouvrir demain.",
                        [
                            "Quelles vérifications faire avant de rouvrir ?",
                            "Comment informer les commerçants et le public ?",
                            "De quel soutien les commerçants et le personnel ont-ils besoin ?",
                        ],
                        "Vérifiez les structures, l’électricité et les sorties ; rétablissez "
                        "éclairage, caméras et postes de garde ; convenez avec la police de "
                        "nouvelles mesures. Informez d’abord les commerçants, puis le public, "
                        "par le comité du marché, la radio et les réseaux sociaux, avec un "
                        "message unique. Proposez un soutien psychologique et des informations "
                        "sur l’indemnisation ; la mairie pilote.",
                    ),
                ],
            },
        },
    ],
}

TESTS = {
    "en": {
        "title": "Reaction and recovery",
        "pre": [
            single(
                "RE-1",
                "An attacker opens fire in a market. What should people do first?",
                ("Move away from the danger by a known exit", True, ""),
                ("Film the attacker for the police", False, ""),
                ("Lie down where they are", False, ""),
            ),
            true_false(
                "RE-1",
                "When you are safe, you should alert the police with where you "
                "are and what you saw.",
                True,
                lang="en",
            ),
            single(
                "RE-2",
                "A suspicious vehicle is parked at the main gate. People inside should usually…",
                ("stay inside, away from the gate (invacuate)", True, ""),
                ("leave by the main gate", False, ""),
                ("gather at the gate", False, ""),
            ),
            multiple(
                "RE-2",
                "What makes an assembly point suitable?",
                ("Out of sight of the suspect item", True, ""),
                ("Far enough away, e.g. at least 100 metres", True, ""),
                ("Next to the main exit", False, ""),
            ),
            single(
                "RC-1",
                "What does a continuity plan list first?",
                ("The site's critical functions", True, ""),
                ("The names of the attackers", False, ""),
                ("The media to call", False, ""),
            ),
        ],
        "post": [
            single(
                "RE-1",
                "You cannot leave a shop during an attack. What do you do?",
                ("Hide behind something solid, lock the door, silence your phone", True, ""),
                ("Go out to see what is happening", False, ""),
                ("Call a friend to ask for advice", False, ""),
            ),
            true_false(
                "RE-1",
                "Staff should wait for the police before guiding the public to exits.",
                False,
                lang="en",
                feedback="Staff guide people away at once.",
            ),
            single(
                "RE-2",
                "A fire starts in the kitchen of a hotel lobby. What fits best?",
                ("Evacuate, away from the danger inside", True, ""),
                ("Invacuate in the lobby", False, ""),
                ("Wait for instructions", False, ""),
            ),
            multiple(
                "RE-2",
                "Before evacuating, what must you check?",
                ("That the exit routes are safe", True, ""),
                ("Where the threat is", True, ""),
                ("That the shops have closed their tills", False, ""),
            ),
            single(
                "RC-1",
                "Who should hear about the reopening of a market first?",
                ("The traders and staff", True, ""),
                ("Foreign media", False, ""),
                ("Nobody until it is open", False, ""),
            ),
        ],
    },
    "fr": {
        "title": "Réaction et rétablissement",
        "pre": [
            single(
                "RE-1",
                "Un attaquant ouvre le feu sur un marché. Que faire d’abord ?",
                ("S’éloigner du danger par une sortie connue", True, ""),
                ("Filmer l’attaquant pour la police", False, ""),
                ("S’allonger sur place", False, ""),
            ),
            true_false(
                "RE-1",
                "Une fois en sécurité, on alerte la police en disant où l’on "
                "est et ce que l’on a vu.",
                True,
                lang="fr",
            ),
            single(
                "RE-2",
                "Un véhicule suspect stationne au portail principal. Les personnes "
                "à l’intérieur doivent en général…",
                ("rester à l’intérieur, loin du portail (confinement)", True, ""),
                ("sortir par le portail principal", False, ""),
                ("se rassembler au portail", False, ""),
            ),
            multiple(
                "RE-2",
                "Qu’est-ce qui rend un point de rassemblement adapté ?",
                ("Il est hors de vue de l’objet suspect", True, ""),
                ("Il est assez loin, par exemple à 100 mètres au moins", True, ""),
                ("Il est à côté de la sortie principale", False, ""),
            ),
            single(
                "RC-1",
                "Que recense d’abord un plan de continuité ?",
                ("Les fonctions essentielles du site", True, ""),
                ("Le nom des attaquants", False, ""),
                ("Les médias à appeler", False, ""),
            ),
        ],
        "post": [
            single(
                "RE-1",
                "Vous ne pouvez pas quitter une boutique pendant une attaque. Que faites-vous ?",
                (
                    "Se cacher derrière un obstacle solide, verrouiller, mettre le téléphone "
                    "en silencieux",
                    True,
                    "",
                ),
                ("Sortir voir ce qui se passe", False, ""),
                ("Appeler un ami pour demander conseil", False, ""),
            ),
            true_false(
                "RE-1",
                "Le personnel doit attendre la police avant de guider le public vers les sorties.",
                False,
                lang="fr",
                feedback="Le personnel guide le public tout de suite.",
            ),
            single(
                "RE-2",
                "Un feu se déclare dans la cuisine d’un hall d’hôtel. Que choisir ?",
                ("Évacuer, loin du danger intérieur", True, ""),
                ("Confiner dans le hall", False, ""),
                ("Attendre des consignes", False, ""),
            ),
            multiple(
                "RE-2",
                "Avant d’évacuer, que devez-vous vérifier ?",
                ("Que les itinéraires de sortie sont sûrs", True, ""),
                ("Où se trouve la menace", True, ""),
                ("Que les boutiques ont fermé leurs caisses", False, ""),
            ),
            single(
                "RC-1",
                "Qui doit apprendre en premier la réouverture d’un marché ?",
                ("Les commerçants et le personnel", True, ""),
                ("Les médias étrangers", False, ""),
                ("Personne avant l’ouverture", False, ""),
            ),
        ],
    },
}
