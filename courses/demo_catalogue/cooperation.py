"""Demo course: public–private cooperation with venue operators and private security
(result 03)."""

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
)

COURSE = {
    "slug": "public-private-cooperation",
    "topic": "cooperation",
    "audience": "private",
    "also_for": ["operator", "police"],
    "estimated_hours": "0.5",
    "pass_mark": 70,
    "certificate_validity_months": 24,
    "competencies": [
        {"code": "PP-1", "level": 2},
        {"code": "PP-2", "level": 1},
        {"code": "RA-2", "level": 1},
    ],
    "en": {
        "title": "Public–private cooperation with venue operators and private security",
        "summary": "Private guards and venue staff are the eyes and ears of most public "
        "spaces. Learn how police, operators and security companies share information, "
        "plan together and exercise before an incident forces them to.",
        "objectives": bullets(
            "Describe what each partner brings and what each may legally do",
            "Set up a simple, lawful information-sharing routine",
            "Assess a venue's risks jointly with its operator",
            "Prepare and run a short joint exercise",
        ),
        "audience_note": "Private security managers and supervisors, venue operators, "
        "police and gendarmerie liaison officers.",
    },
    "fr": {
        "slug": "cooperation-public-prive",
        "title": "Coopération public–privé avec les exploitants et la sécurité privée",
        "summary": "Les agents privés et le personnel des sites sont les yeux et les oreilles "
        "de la plupart des espaces publics. Apprenez comment police, exploitants et sociétés "
        "de sécurité partagent l’information, planifient ensemble et s’exercent avant qu’un "
        "incident ne les y oblige.",
        "objectives": bullets(
            "Décrire ce que chaque partenaire apporte et ce qu’il a le droit de faire",
            "Mettre en place un échange d’informations simple et licite",
            "Évaluer les risques d’un site avec son exploitant",
            "Préparer et conduire un court exercice conjoint",
        ),
        "audience_note": "Responsables et superviseurs de sécurité privée, exploitants de "
        "sites, officiers de liaison de la police et de la gendarmerie.",
    },
    "lessons": [
        {
            "slug": "who-brings-what",
            "minutes": 2,
            "en": {
                "title": "Who brings what",
                "body": [
                    heading("Partners with different powers"),
                    para(
                        "The <b>police and gendarmerie</b> hold intelligence, legal powers and "
                        "command in an incident. The <b>venue operator</b> owns the site, its "
                        "plans, its CCTV and its staff. <b>Private security</b> is present "
                        "every day, at every door, and knows the regulars and the routines.",
                        "Private guards do not have police powers: they check with consent, "
                        "observe, report and guide. Cooperation works when each partner knows "
                        "these limits and trusts the others to act within theirs.",
                    ),
                    image(
                        "cooperation-triangle",
                        "Triangle linking police and gendarmerie, venue operator and private "
                        "security, with shared information, joint plans and exercises on its "
                        "sides.",
                        "Three partners, linked by information, plans and exercises.",
                    ),
                ],
            },
            "fr": {
                "slug": "qui-apporte-quoi",
                "title": "Qui apporte quoi",
                "body": [
                    heading("Des partenaires aux pouvoirs différents"),
                    para(
                        "La <b>police et la gendarmerie</b> détiennent le renseignement, les "
                        "pouvoirs légaux et le commandement en cas d’incident. L’<b>exploitant "
                        "du site</b> possède les lieux, leurs plans, leur vidéoprotection et "
                        "leur personnel. La <b>sécurité privée</b> est présente chaque jour, à "
                        "chaque porte, et connaît les habitués et les habitudes.",
                        "Les agents privés n’ont pas de pouvoirs de police : ils contrôlent "
                        "avec consentement, observent, signalent et orientent. La coopération "
                        "fonctionne quand chacun connaît ces limites et fait confiance aux "
                        "autres pour agir dans les leurs.",
                    ),
                    image(
                        "cooperation-triangle",
                        "Triangle reliant police et gendarmerie, exploitant du site et "
                        "sécurité privée, avec sur ses côtés l’information partagée, les plans "
                        "communs et les exercices.",
                        "Trois partenaires, reliés par l’information, les plans et les exercices.",
                    ),
                ],
            },
        },
        {
            "slug": "sharing-information",
            "minutes": 5,
            "en": {
                "title": "Sharing information lawfully",
                "body": [
                    heading("The right information, to the right people, on time"),
                    para(
                        "Useful sharing is regular and simple: a named police contact for each "
                        "major site, a phone or radio group for urgent alerts, and a short "
                        "monthly meeting. Share what partners need to act — a description of "
                        "suspicious behaviour, a change in threat level, an event calendar — "
                        "and no more personal data than necessary.",
                    ),
                    callout(
                        "warning",
                        "Personal data",
                        "Names, photos and CCTV images of people are personal data: share "
                        "them only under the country's data protection law, with the police, "
                        "and keep a record of what was shared.",
                    ),
                    scenario(
                        "A message group that grew too big",
                        "Guards at a shopping mall created a chat group with the local police "
                        "station. It now has 240 members, including former guards and "
                        "shopkeepers, and people post photos of “suspicious” shoppers.",
                        [
                            "What risks does this group create?",
                            "How would you reorganise it?",
                        ],
                        "Photos of innocent people are shared without a legal basis, former "
                        "staff still receive alerts, and real alerts get lost. Keep a small "
                        "group of named, current supervisors and the police contact, agree "
                        "rules on what is posted, and send reports with images through the "
                        "police contact only.",
                    ),
                ],
            },
            "fr": {
                "slug": "partager-l-information",
                "title": "Partager l’information dans le respect du droit",
                "body": [
                    heading("La bonne information, aux bonnes personnes, à temps"),
                    para(
                        "Un partage utile est régulier et simple : un contact police nommé "
                        "pour chaque grand site, un groupe téléphone ou radio pour les alertes "
                        "urgentes, et une courte réunion mensuelle. Partagez ce dont les "
                        "partenaires ont besoin pour agir — la description d’un comportement "
                        "suspect, un changement du niveau de menace, un calendrier "
                        "d’événements — et pas plus de données personnelles que nécessaire.",
                    ),
                    callout(
                        "warning",
                        "Données personnelles",
                        "Les noms, photos et images de vidéoprotection de personnes sont des "
                        "données personnelles : ne les partagez que dans le cadre de la loi "
                        "nationale sur la protection des données, avec la police, et gardez "
                        "une trace de ce qui a été transmis.",
                    ),
                    scenario(
                        "Un groupe de messagerie devenu trop grand",
                        "Les agents d’un centre commercial ont créé un groupe de discussion "
                        "avec le commissariat voisin. Il compte aujourd’hui 240 membres, dont "
                        "d’anciens agents et des commerçants, et on y poste des photos de "
                        "clients « suspects ».",
                        [
                            "Quels risques ce groupe crée-t-il ?",
                            "Comment le réorganiseriez-vous ?",
                        ],
                        "Des photos d’innocents circulent sans base légale, d’anciens agents "
                        "reçoivent encore les alertes, et les vraies alertes se perdent. "
                        "Gardez un petit groupe de superviseurs en poste, nommés, et le "
                        "contact police, convenez de règles de publication, et faites passer "
                        "les signalements avec images par le seul contact police.",
                    ),
                ],
            },
        },
        {
            "slug": "joint-risk-assessment",
            "minutes": 2,
            "en": {
                "title": "Assessing a venue's risks together",
                "body": [
                    heading("One walk, three points of view"),
                    para(
                        "A risk assessment done by the police alone misses how the venue "
                        "works; one done by the operator alone misses the threat picture. "
                        "Walk the site together, at a busy time, and agree one list of risks "
                        "and one plan of measures, with a name and a date against each.",
                    ),
                    checklist(
                        "Bring to the joint walk",
                        "The site plan and the evacuation plan",
                        "The latest threat assessment the police can share",
                        "Visitor numbers by hour and by day",
                        "The guard posts, patrol routes and CCTV coverage",
                        "Incidents recorded over the last year",
                    ),
                ],
            },
            "fr": {
                "slug": "evaluer-les-risques-ensemble",
                "title": "Évaluer ensemble les risques d’un site",
                "body": [
                    heading("Une visite, trois regards"),
                    para(
                        "Une évaluation faite par la seule police ignore le fonctionnement du "
                        "site ; faite par le seul exploitant, elle ignore la menace. "
                        "Parcourez le site ensemble, à une heure d’affluence, et convenez "
                        "d’une seule liste de risques et d’un seul plan de mesures, avec un "
                        "nom et une date pour chacune.",
                    ),
                    checklist(
                        "À apporter à la visite conjointe",
                        "Le plan du site et le plan d’évacuation",
                        "La dernière évaluation de la menace que la police peut partager",
                        "La fréquentation par heure et par jour",
                        "Les postes de garde, les rondes et la couverture vidéo",
                        "Les incidents enregistrés au cours de l’année",
                    ),
                ],
            },
        },
        {
            "slug": "joint-exercises",
            "minutes": 7,
            "en": {
                "title": "Exercising together",
                "body": [
                    heading("Practise before it is real"),
                    para(
                        "A table-top exercise of two hours, around a site plan, shows who "
                        "calls whom, which radio channel works and where plans contradict each "
                        "other. Start small: one scenario, the operator's duty manager, the "
                        "guard supervisor and the police contact. Write down three lessons and "
                        "who will act on each.",
                    ),
                    scenario(
                        "Planning the stadium exercise",
                        "The national stadium hosts a cup final in six weeks. The operator, "
                        "the security company and the police have never trained together.",
                        [
                            "Which scenario would you choose for a first table-top exercise?",
                            "Who must attend, and who leads it?",
                            "How will you make sure the lessons are applied?",
                        ],
                        "Choose a likely, simple scenario: a suspect item at a turnstile "
                        "during entry. Bring the stadium safety officer, the guard supervisor, "
                        "the police silver commander and the medical lead; the police or the "
                        "operator leads, with a neutral note-taker. Record actions with owners "
                        "and dates and check them at the next monthly meeting.",
                    ),
                ],
            },
            "fr": {
                "slug": "s-exercer-ensemble",
                "title": "S’exercer ensemble",
                "body": [
                    heading("S’entraîner avant que ce soit réel"),
                    para(
                        "Un exercice sur table de deux heures, autour d’un plan du site, "
                        "montre qui appelle qui, quel canal radio fonctionne et où les plans "
                        "se contredisent. Commencez petit : un scénario, le responsable de "
                        "permanence de l’exploitant, le superviseur des agents et le contact "
                        "police. Notez trois enseignements et qui s’en charge.",
                    ),
                    scenario(
                        "Préparer l’exercice du stade",
                        "Le stade national accueille une finale de coupe dans six semaines. "
                        "L’exploitant, la société de sécurité et la police ne se sont jamais "
                        "entraînés ensemble.",
                        [
                            "Quel scénario choisiriez-vous pour un premier exercice sur table ?",
                            "Qui doit y participer, et qui le dirige ?",
                            "Comment vous assurer que les enseignements seront appliqués ?",
                        ],
                        "Choisissez un scénario probable et simple : un objet suspect à un "
                        "tourniquet pendant l’entrée du public. Réunissez le responsable "
                        "sécurité du stade, le superviseur des agents, le commandant tactique "
                        "de la police et le responsable médical ; la police ou l’exploitant "
                        "dirige, avec un rapporteur neutre. Consignez les actions avec un "
                        "responsable et une date, et vérifiez-les à la réunion mensuelle "
                        "suivante.",
                    ),
                ],
            },
        },
    ],
}

TESTS = {
    "en": {
        "title": "Public–private cooperation",
        "pre": [
            single(
                "PP-2",
                "What may a private guard do at a venue entrance?",
                ("Check bags with the visitor's consent", True, ""),
                ("Arrest anyone who refuses a check", False, ""),
                ("Search a car parked in the street", False, ""),
            ),
            single(
                "PP-1",
                "What should guards share with the police contact?",
                ("A description of suspicious behaviour, with time and place", True, ""),
                ("Photos of every visitor", False, ""),
                ("Nothing, ever", False, ""),
            ),
            true_false(
                "PP-1",
                "CCTV images of people may be posted in any chat group that "
                "includes a police officer.",
                False,
                lang="en",
            ),
            multiple(
                "RA-2",
                "Who should walk the site for a joint risk assessment?",
                ("The operator", True, ""),
                ("The police contact", True, ""),
                ("The security supervisor", True, ""),
                ("A journalist", False, ""),
            ),
            single(
                "PP-2",
                "What is a good first joint exercise?",
                ("A two-hour table-top with one simple scenario", True, ""),
                ("A full evacuation during a cup final", False, ""),
                ("No exercise until there is a real incident", False, ""),
            ),
        ],
        "post": [
            single(
                "PP-2",
                "A visitor refuses a bag check at a mall. What does the guard do?",
                ("Refuse entry politely and report if the behaviour is suspicious", True, ""),
                ("Take the bag by force", False, ""),
                ("Detain the visitor", False, ""),
            ),
            single(
                "PP-1",
                "Which alert is most useful to the security company?",
                ("A change in threat level with the event calendar", True, ""),
                ("The home address of a suspect", False, ""),
                ("Gossip from another city", False, ""),
            ),
            true_false(
                "PP-1",
                "A record should be kept of personal data shared with the police.",
                True,
                lang="en",
            ),
            multiple(
                "RA-2",
                "What should you bring to a joint risk-assessment walk?",
                ("The site and evacuation plans", True, ""),
                ("Visitor numbers by hour", True, ""),
                ("Last year's incidents", True, ""),
                ("The guards' private phone numbers", False, ""),
            ),
            single(
                "PP-2",
                "After an exercise, how are lessons made to stick?",
                ("Actions with an owner and a date, checked at the next meeting", True, ""),
                ("A long report sent to everyone", False, ""),
                ("A second exercise the same day", False, ""),
            ),
        ],
    },
    "fr": {
        "title": "Coopération public–privé",
        "pre": [
            single(
                "PP-2",
                "Que peut faire un agent privé à l’entrée d’un site ?",
                ("Contrôler les sacs avec le consentement du visiteur", True, ""),
                ("Arrêter toute personne qui refuse le contrôle", False, ""),
                ("Fouiller une voiture garée dans la rue", False, ""),
            ),
            single(
                "PP-1",
                "Que doivent transmettre les agents au contact police ?",
                ("La description d’un comportement suspect, avec l’heure et le lieu", True, ""),
                ("La photo de chaque visiteur", False, ""),
                ("Rien, jamais", False, ""),
            ),
            true_false(
                "PP-1",
                "Les images de vidéoprotection peuvent être postées dans tout "
                "groupe qui compte un policier.",
                False,
                lang="fr",
            ),
            multiple(
                "RA-2",
                "Qui doit parcourir le site pour une évaluation conjointe ?",
                ("L’exploitant", True, ""),
                ("Le contact police", True, ""),
                ("Le superviseur de sécurité", True, ""),
                ("Un journaliste", False, ""),
            ),
            single(
                "PP-2",
                "Quel est un bon premier exercice conjoint ?",
                ("Un exercice sur table de deux heures, avec un scénario simple", True, ""),
                ("Une évacuation complète pendant une finale", False, ""),
                ("Aucun exercice avant un incident réel", False, ""),
            ),
        ],
        "post": [
            single(
                "PP-2",
                "Un visiteur refuse le contrôle de son sac. Que fait l’agent ?",
                ("Il refuse poliment l’entrée et signale si le comportement est suspect", True, ""),
                ("Il prend le sac de force", False, ""),
                ("Il retient le visiteur", False, ""),
            ),
            single(
                "PP-1",
                "Quelle alerte est la plus utile à la société de sécurité ?",
                ("Un changement du niveau de menace avec le calendrier des événements", True, ""),
                ("L’adresse d’un suspect", False, ""),
                ("Des rumeurs venues d’une autre ville", False, ""),
            ),
            true_false(
                "PP-1",
                "Il faut garder une trace des données personnelles transmises à la police.",
                True,
                lang="fr",
            ),
            multiple(
                "RA-2",
                "Qu’apporter à une visite conjointe d’évaluation des risques ?",
                ("Les plans du site et d’évacuation", True, ""),
                ("La fréquentation par heure", True, ""),
                ("Les incidents de l’année passée", True, ""),
                ("Les numéros personnels des agents", False, ""),
            ),
            single(
                "PP-2",
                "Après un exercice, comment faire vivre les enseignements ?",
                (
                    "Des actions avec un responsable et une date, vérifiées à la réunion suivante",
                    True,
                    "",
                ),
                ("Un long rapport envoyé à tous", False, ""),
                ("Un second exercice le même jour", False, ""),
            ),
        ],
    },
}
