/**
 * Letters and CVs in German, French, Dutch, Spanish and Italian, laid out as those countries lay them
 * out: a letter with the sender's return line above the recipient's window address, a reference line
 * (Ihr Zeichen / Unser Zeichen / Datum, Uw kenmerk / Ons kenmerk…), a subject without "Re:", the
 * salutation and closing of the language; a CV titled Lebenslauf / Curriculum vitae with a block of
 * personal data (date of birth, nationality) and its sections in the language.
 *
 * Every generated letter and CV was English before, and real ones from elsewhere showed what that
 * cost: of the DIN letters and French/German CVs typeset by TeX Live's letter and CV classes, one of
 * five letters and two of six CVs were read right; the rest went to `form` (a page of short labelled
 * lines in an unknown language looks like one) or `invoice`. The words here are ordinary
 * correspondence and CV vocabulary of each language, nothing taken from those documents.
 */
import type { SyntheticDocument } from './syntheticDocuments.js';
import { FIRST, LAST, ORG_A, ORG_B, ORG_SUFFIX, day, int, iso, ocrNoise, pad, pick, wrap, type Day, type Random } from './syntheticParts.js';

type Lang = 'de' | 'fr' | 'nl' | 'es' | 'it';
const LANGS: readonly Lang[] = ['de', 'fr', 'nl', 'es', 'it'];

interface LetterWords {
  months: readonly string[];
  streets: readonly string[];
  cities: readonly string[];
  /** How a recipient is addressed on the envelope, by gender. */
  titles: readonly [string, string];
  salutations: (last: string, female: boolean) => string[];
  closings: readonly string[];
  /** The reference line's labels: your reference, your letter of, our reference, date. */
  references: readonly string[];
  subjectLabel: string;
  subjects: readonly string[];
  body: readonly string[];
  enclosure: string;
  phone: string;
}

const LETTER: Record<Lang, LetterWords> = {
  de: {
    months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
    streets: ['Hauptstraße', 'Lindenweg', 'Bahnhofstraße', 'Am Markt', 'Schillerstraße', 'Gartenweg'],
    cities: ['Hamburg', 'Köln', 'Stuttgart', 'Leipzig', 'Bremen', 'Graz', 'Basel'],
    titles: ['Herrn', 'Frau'],
    salutations: (last, female) => [`Sehr geehrte${female ? ' Frau' : 'r Herr'} ${last},`, 'Sehr geehrte Damen und Herren,', `Liebe${female ? ' Frau' : 'r Herr'} ${last},`],
    closings: ['Mit freundlichen Grüßen', 'Mit freundlichem Gruß', 'Freundliche Grüße', 'Hochachtungsvoll', 'Viele Grüße'],
    references: ['Ihr Zeichen', 'Ihre Nachricht vom', 'Unser Zeichen', 'Datum'],
    subjectLabel: 'Betreff:',
    subjects: ['Kündigung des Mietvertrags', 'Ihre Bewerbung vom letzten Monat', 'Änderung unserer Bankverbindung', 'Einladung zur Mitgliederversammlung', 'Beschwerde über die Lieferung', 'Bestätigung Ihres Termins'],
    body: [
      'Vielen Dank für Ihr Schreiben, das wir mit Interesse gelesen haben.',
      'Hiermit kündige ich den oben genannten Vertrag fristgerecht zum nächstmöglichen Zeitpunkt.',
      'Wir freuen uns, Ihnen mitteilen zu können, dass Ihr Antrag genehmigt wurde.',
      'Leider müssen wir Ihnen mitteilen, dass die Veranstaltung verschoben wird.',
      'Bitte senden Sie uns die unterschriebenen Unterlagen bis Ende des Monats zurück.',
      'Für Rückfragen stehe ich Ihnen jederzeit gerne zur Verfügung.',
      'Die neue Regelung gilt ab dem ersten Tag des kommenden Monats.',
      'Wir bitten um Ihr Verständnis und bedauern die entstandenen Unannehmlichkeiten.',
    ],
    enclosure: 'Anlage',
    phone: 'Telefon',
  },
  fr: {
    months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
    streets: ['rue de la République', 'avenue Victor Hugo', 'boulevard Voltaire', 'place du Marché', 'rue des Lilas'],
    cities: ['Lyon', 'Bordeaux', 'Nantes', 'Lille', 'Toulouse', 'Genève', 'Liège'],
    titles: ['Monsieur', 'Madame'],
    salutations: (_last, female) => [female ? 'Madame,' : 'Monsieur,', 'Madame, Monsieur,', female ? 'Chère Madame,' : 'Cher Monsieur,', 'Messieurs,'],
    closings: [
      "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
      "Je vous prie d'agréer, Monsieur, mes sincères salutations.",
      'Cordialement,',
      'Bien à vous,',
      'Avec mes meilleures salutations,',
    ],
    references: ['Vos réf.', 'Votre courrier du', 'Nos réf.', 'Date'],
    subjectLabel: 'Objet :',
    subjects: ['Résiliation de mon abonnement', 'Votre candidature', 'Changement de coordonnées bancaires', 'Convocation à l’assemblée générale', 'Réclamation concernant la livraison', 'Confirmation de rendez-vous'],
    body: [
      'Nous accusons réception de votre courrier et vous en remercions.',
      "Par la présente, je vous informe de ma décision de résilier le contrat mentionné en objet.",
      "Nous avons le plaisir de vous informer que votre demande a été acceptée.",
      "Nous regrettons de vous informer que la réunion prévue est reportée à une date ultérieure.",
      'Nous vous prions de bien vouloir nous retourner les documents signés avant la fin du mois.',
      'Je reste à votre disposition pour tout renseignement complémentaire.',
      'Ces nouvelles conditions prendront effet le premier jour du mois prochain.',
      'Nous vous prions de nous excuser pour la gêne occasionnée.',
    ],
    enclosure: 'Pièces jointes',
    phone: 'Tél.',
  },
  nl: {
    months: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
    streets: ['Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Molenweg', 'Marktplein', 'Schoolstraat'],
    cities: ['Utrecht', 'Rotterdam', 'Eindhoven', 'Groningen', 'Gent', 'Antwerpen', 'Leiden'],
    titles: ['De heer', 'Mevrouw'],
    salutations: (last, female) => [`Geachte ${female ? 'mevrouw' : 'heer'} ${last},`, 'Geachte heer, mevrouw,', `Beste ${female ? 'mevrouw' : 'meneer'} ${last},`],
    closings: ['Met vriendelijke groet,', 'Met vriendelijke groeten,', 'Hoogachtend,', 'Met hartelijke groet,'],
    references: ['Uw kenmerk', 'Uw brief van', 'Ons kenmerk', 'Datum'],
    subjectLabel: 'Onderwerp:',
    subjects: ['Opzegging van mijn abonnement', 'Uw sollicitatie', 'Wijziging bankrekeningnummer', 'Uitnodiging algemene ledenvergadering', 'Klacht over de levering', 'Bevestiging van uw afspraak'],
    body: [
      'Hartelijk dank voor uw brief, die wij met belangstelling hebben gelezen.',
      'Hierbij zeg ik de bovengenoemde overeenkomst op per de eerstvolgende mogelijke datum.',
      'Met genoegen delen wij u mee dat uw aanvraag is goedgekeurd.',
      'Helaas moeten wij u meedelen dat de bijeenkomst is uitgesteld.',
      'Wij verzoeken u de ondertekende stukken voor het einde van de maand terug te sturen.',
      'Voor vragen kunt u altijd contact met mij opnemen.',
      'De nieuwe regeling gaat in op de eerste dag van de volgende maand.',
      'Wij bieden u onze excuses aan voor het ongemak.',
    ],
    enclosure: 'Bijlage',
    phone: 'Telefoon',
  },
  es: {
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
    streets: ['Calle Mayor', 'Avenida de la Constitución', 'Calle del Sol', 'Plaza de España', 'Paseo de Gracia'],
    cities: ['Madrid', 'Sevilla', 'Valencia', 'Bilbao', 'Zaragoza', 'Málaga'],
    titles: ['Sr. D.', 'Sra. Dña.'],
    salutations: (last, female) => [`Estimad${female ? 'a Sra.' : 'o Sr.'} ${last}:`, 'Estimados señores:', 'Muy señor mío:', 'Distinguido cliente:'],
    closings: ['Atentamente,', 'Un cordial saludo,', 'Saludos cordiales,', 'Reciba un atento saludo,'],
    references: ['Su referencia', 'Su carta del', 'Nuestra referencia', 'Fecha'],
    subjectLabel: 'Asunto:',
    subjects: ['Baja de mi suscripción', 'Su candidatura', 'Cambio de datos bancarios', 'Convocatoria a la junta general', 'Reclamación sobre el pedido', 'Confirmación de su cita'],
    body: [
      'Le agradecemos su carta, que hemos leído con atención.',
      'Por medio de la presente le comunico mi decisión de rescindir el contrato arriba indicado.',
      'Nos complace comunicarle que su solicitud ha sido aprobada.',
      'Lamentamos informarle de que la reunión prevista ha sido aplazada.',
      'Le rogamos que nos devuelva los documentos firmados antes de final de mes.',
      'Quedo a su disposición para cualquier aclaración.',
      'Las nuevas condiciones entrarán en vigor el primer día del mes próximo.',
      'Le pedimos disculpas por las molestias ocasionadas.',
    ],
    enclosure: 'Anexos',
    phone: 'Tel.',
  },
  it: {
    months: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
    streets: ['Via Roma', 'Corso Italia', 'Via Garibaldi', 'Piazza del Duomo', 'Via Dante'],
    cities: ['Milano', 'Torino', 'Bologna', 'Firenze', 'Napoli', 'Lugano'],
    titles: ['Egr. Sig.', 'Gent.ma Sig.ra'],
    salutations: (last, female) => [`Gentil${female ? 'e Signora' : 'e Signor'} ${last},`, `Egregio Signor ${last},`, 'Spettabile Ditta,', 'Gentili Signori,'],
    closings: ['Cordiali saluti', 'Distinti saluti', 'In attesa di un vostro riscontro, porgo cordiali saluti.', 'Con i migliori saluti'],
    references: ['Vs. rif.', 'Vs. lettera del', 'Ns. rif.', 'Data'],
    subjectLabel: 'Oggetto:',
    subjects: ['Disdetta del contratto di abbonamento', 'La Sua candidatura', 'Variazione delle coordinate bancarie', 'Convocazione assemblea dei soci', 'Reclamo relativo alla consegna', 'Conferma appuntamento'],
    body: [
      'La ringraziamo per la Sua lettera, che abbiamo letto con attenzione.',
      'Con la presente comunico la disdetta del contratto in oggetto alla prima scadenza utile.',
      'Siamo lieti di comunicarLe che la Sua richiesta è stata accolta.',
      "Ci dispiace informarLa che l'incontro previsto è stato rinviato.",
      'La preghiamo di restituirci i documenti firmati entro la fine del mese.',
      'Resto a disposizione per qualsiasi chiarimento.',
      'Le nuove condizioni entreranno in vigore dal primo giorno del mese prossimo.',
      'Ci scusiamo per il disagio arrecato.',
    ],
    enclosure: 'Allegati',
    phone: 'Tel.',
  },
};

const FEMALE = new Set(['Anna', 'Maria', 'Sofia', 'Aisha', 'Elena', 'Claire', 'Fatima']);

function someone(r: Random): { first: string; last: string; female: boolean } {
  const first = pick(r, FIRST);
  return { first, last: pick(r, LAST), female: FEMALE.has(first) };
}

/** Up to `n` distinct items of a pool. */
const some = (r: Random, pool: readonly string[], n: number): string[] => [...new Set(Array.from({ length: n }, () => pick(r, pool)))];

const street = (r: Random, w: LetterWords, lang: Lang): string => {
  const name = pick(r, w.streets);
  const n = int(r, 1, 120);
  return lang === 'fr' ? `${n}, ${name}` : lang === 'es' ? `${name}, ${n}` : `${name} ${n}`;
};
const postcode = (r: Random, lang: Lang): string => (lang === 'nl' ? `${int(r, 1000, 9999)} ${String.fromCharCode(65 + int(r, 0, 25))}${String.fromCharCode(65 + int(r, 0, 25))}` : String(int(r, 10000, 99999)));

function writtenDate(r: Random, t: Day, w: LetterWords, lang: Lang): string {
  const month = w.months[t.m - 1];
  const long = lang === 'de' ? `${t.d}. ${month} ${t.y}` : lang === 'es' ? `${t.d} de ${month} de ${t.y}` : `${t.d} ${month} ${t.y}`;
  return pick(r, [long, `${pad(t.d)}.${pad(t.m)}.${t.y}`, `${pad(t.d)}/${pad(t.m)}/${t.y}`]);
}

function europeanLetter(r: Random, variant: number): SyntheticDocument {
  const lang = LANGS[variant % LANGS.length] as Lang;
  const w = LETTER[lang];
  const company = r() < 0.6;
  const from = someone(r);
  const sender = company ? `${pick(r, ORG_A)} ${pick(r, ORG_B)} ${pick(r, ORG_SUFFIX)}` : `${from.first} ${from.last}`;
  const senderStreet = street(r, w, lang);
  const senderCity = `${postcode(r, lang)} ${pick(r, w.cities)}`;
  const to = someone(r);
  const city = pick(r, w.cities);
  const when = day(r);
  const date = writtenDate(r, when, w, lang);
  const din = r() < 0.6;
  const subject = pick(r, w.subjects);
  const references = din
    ? r() < 0.5
      ? [w.references.join('   '), `${pick(r, ['', `${String.fromCharCode(65 + int(r, 0, 25))}${String.fromCharCode(65 + int(r, 0, 25))}-${int(r, 10, 999)}`])}   ${pick(r, ['', writtenDate(r, day(r), w, lang)])}   ${int(r, 100, 9999)}/${pad(int(r, 1, 12))}   ${date}`]
      : w.references.flatMap((label, i) => [label, i === 3 ? date : pick(r, ['', `${int(r, 10, 999)}/${when.y}`, writtenDate(r, day(r), w, lang)])]).filter((line) => line !== '')
    : [`${city}, ${date}`];
  const body = Array.from({ length: int(r, 1, 3) }, () => wrap(Array.from({ length: int(r, 1, 3) }, () => pick(r, w.body)).join(' '), int(r, 70, 95)));
  const salutation = pick(r, w.salutations(to.last, to.female));
  // After a salutation ending in a comma, German, Dutch and Italian letters carry on in lower case.
  if (/,$/u.test(salutation) && body[0] && (lang === 'de' || lang === 'nl' || lang === 'it')) body[0] = body[0][0]!.toLowerCase() + body[0].slice(1);
  const lines = [
    ...(din ? [`${sender} · ${senderStreet} · ${senderCity}`, ''] : [sender, senderStreet, senderCity, `${w.phone} ${int(r, 10, 99)} ${int(r, 100, 999)} ${int(r, 1000, 9999)}`, '']),
    ...(r() < 0.3 && lang === 'de' ? [pick(r, ['Einschreiben', 'EINSCHREIBEN', 'Per E-Mail'])] : []),
    pick(r, w.titles.slice(to.female ? 1 : 0, to.female ? 2 : 1)),
    `${to.first} ${to.last}`,
    street(r, w, lang),
    `${postcode(r, lang)} ${pick(r, w.cities)}`,
    '',
    ...references,
    '',
    din ? subject : `${w.subjectLabel} ${subject}`,
    '',
    salutation,
    '',
    ...body.flatMap((paragraph) => [paragraph, '']),
    pick(r, w.closings),
    '',
    company ? `${from.first} ${from.last}` : sender,
    ...(company ? [pick(r, ['', 'Geschäftsführer', 'Directeur', 'Directeur commercial', 'Directie', 'Gerente', 'Direttore'])] : []),
    ...(r() < 0.3 ? ['', `${w.enclosure}: ${int(r, 1, 3)}`] : []),
    ...(din && company && r() < 0.5 ? ['', `${sender} · ${senderStreet} · ${senderCity} · ${w.phone} ${int(r, 10, 99)} ${int(r, 1000, 9999)}`, `IBAN DE${int(r, 10, 99)} ${int(r, 1000, 9999)} ${int(r, 1000, 9999)} ${int(r, 1000, 9999)} ${int(r, 1000, 9999)} ${int(r, 10, 99)}`] : []),
  ];
  const text = lines.join('\n');
  return { label: 'letter', source: `synthetic:letter_${lang}_${din ? 'din' : 'plain'}`, ...(r() < 0.2 ? { text: ocrNoise(r, text, 0.02), ocr: true } : { text }), fields: { date: iso(when) } };
}

interface CvWords {
  titles: readonly string[];
  personal: readonly string[];
  /** Name, address, phone, e-mail, date of birth, nationality, marital status. */
  labels: readonly [string, string, string, string, string, string, string];
  nationalities: readonly string[];
  marital: readonly string[];
  experience: readonly string[];
  education: readonly string[];
  skills: readonly string[];
  languages: readonly string[];
  interests: readonly string[];
  jobs: readonly string[];
  duties: readonly string[];
  degrees: readonly string[];
  schools: readonly string[];
  skillItems: readonly string[];
  languageItems: readonly string[];
  hobbies: readonly string[];
  present: string;
}

const CV: Record<Lang, CvWords> = {
  de: {
    titles: ['Lebenslauf', 'LEBENSLAUF', 'Tabellarischer Lebenslauf', 'Curriculum Vitae'],
    personal: ['Persönliche Daten', 'Zur Person', 'Angaben zur Person'],
    labels: ['Name', 'Anschrift', 'Telefon', 'E-Mail', 'Geburtsdatum', 'Staatsangehörigkeit', 'Familienstand'],
    nationalities: ['deutsch', 'österreichisch', 'schweizerisch'],
    marital: ['ledig', 'verheiratet, zwei Kinder'],
    experience: ['Berufserfahrung', 'Beruflicher Werdegang', 'Berufspraxis'],
    education: ['Ausbildung', 'Schulbildung', 'Studium', 'Bildungsweg'],
    skills: ['Kenntnisse', 'EDV-Kenntnisse', 'Besondere Kenntnisse'],
    languages: ['Sprachen', 'Sprachkenntnisse'],
    interests: ['Hobbys', 'Interessen'],
    jobs: ['Projektleiterin', 'Softwareentwickler', 'Sachbearbeiterin Buchhaltung', 'Vertriebsmitarbeiter', 'Wissenschaftlicher Mitarbeiter'],
    duties: ['Leitung eines Teams von fünf Mitarbeitern', 'Betreuung von Großkunden', 'Erstellung von Monatsabschlüssen', 'Entwicklung von Webanwendungen', 'Planung und Durchführung von Schulungen'],
    degrees: ['Master of Science Informatik', 'Bachelor of Arts Betriebswirtschaftslehre', 'Abitur', 'Ausbildung zur Industriekauffrau', 'Diplom-Ingenieur Maschinenbau'],
    schools: ['Technische Universität', 'Universität', 'Hochschule für Wirtschaft', 'Gymnasium am Stadtpark'],
    skillItems: ['MS Office (sehr gut)', 'SAP FI/CO', 'Python, SQL', 'Führerschein Klasse B', 'Projektmanagement'],
    languageItems: ['Deutsch (Muttersprache)', 'Englisch (verhandlungssicher)', 'Französisch (Grundkenntnisse)', 'Spanisch (gut)'],
    hobbies: ['Radfahren, Lesen, Chorgesang', 'Fotografie und Wandern'],
    present: 'heute',
  },
  fr: {
    titles: ['Curriculum vitae', 'CURRICULUM VITAE', 'CV'],
    personal: ['État civil', 'Informations personnelles', 'Coordonnées'],
    labels: ['Nom', 'Adresse', 'Téléphone', 'E-mail', 'Né(e) le', 'Nationalité', 'Situation familiale'],
    nationalities: ['française', 'belge', 'suisse'],
    marital: ['célibataire', 'marié(e), deux enfants'],
    experience: ['Expérience professionnelle', 'Expériences professionnelles', 'Parcours professionnel'],
    education: ['Formation', 'Diplômes', 'Formation initiale', 'Études'],
    skills: ['Compétences', 'Compétences informatiques'],
    languages: ['Langues'],
    interests: ["Centres d'intérêt", 'Loisirs', 'Divers'],
    jobs: ['Chef de projet', 'Ingénieur logiciel', 'Comptable', 'Commercial grands comptes', 'Professeur de mathématiques'],
    duties: ["Encadrement d'une équipe de cinq personnes", 'Suivi des clients grands comptes', 'Clôtures mensuelles et déclarations fiscales', "Développement d'applications web", 'Organisation de formations internes'],
    degrees: ['Master informatique', 'Licence de mathématiques', 'Baccalauréat série S', "Diplôme d'ingénieur", 'BTS comptabilité et gestion'],
    schools: ['Université', 'École supérieure de commerce', 'Lycée Victor Hugo', 'Institut national des sciences appliquées'],
    skillItems: ['Pack Office', 'Python, SQL', 'Permis B', 'Gestion de projet', 'Comptabilité analytique'],
    languageItems: ['Anglais : courant', 'Espagnol : notions', 'Allemand : niveau scolaire', 'Français : langue maternelle'],
    hobbies: ['Lecture, randonnée, photographie', 'Cinéma et musique'],
    present: "aujourd'hui",
  },
  nl: {
    titles: ['Curriculum vitae', 'CURRICULUM VITAE', 'CV'],
    personal: ['Personalia', 'Persoonlijke gegevens'],
    labels: ['Naam', 'Adres', 'Telefoon', 'E-mail', 'Geboortedatum', 'Nationaliteit', 'Burgerlijke staat'],
    nationalities: ['Nederlandse', 'Belgische'],
    marital: ['ongehuwd', 'gehuwd'],
    experience: ['Werkervaring', 'Loopbaan'],
    education: ['Opleiding', 'Opleidingen', 'Studie'],
    skills: ['Vaardigheden', 'Competenties', 'Computervaardigheden'],
    languages: ['Talen', 'Talenkennis'],
    interests: ["Hobby's", 'Interesses'],
    jobs: ['Projectleider', 'Softwareontwikkelaar', 'Boekhouder', 'Accountmanager', 'Docent wiskunde'],
    duties: ['Leidinggeven aan een team van vijf medewerkers', 'Beheer van grote klanten', 'Verzorgen van de maandafsluiting', 'Ontwikkelen van webapplicaties', 'Organiseren van interne trainingen'],
    degrees: ['Master Bedrijfskunde', 'Bachelor Informatica', 'HBO Verpleegkunde', 'VWO', 'MBO Administratie'],
    schools: ['Universiteit', 'Hogeschool', 'Technische Universiteit', 'Stedelijk Gymnasium'],
    skillItems: ['Microsoft Office', 'Python, SQL', 'Rijbewijs B', 'Projectmanagement', 'Exact Online'],
    languageItems: ['Nederlands (moedertaal)', 'Engels (vloeiend)', 'Duits (goed)', 'Frans (basis)'],
    hobbies: ['Hardlopen, lezen, koken', 'Fotografie en reizen'],
    present: 'heden',
  },
  es: {
    titles: ['Currículum vitae', 'CURRÍCULUM VITAE', 'Curriculum Vitae'],
    personal: ['Datos personales', 'Información personal'],
    labels: ['Nombre', 'Dirección', 'Teléfono', 'Correo electrónico', 'Fecha de nacimiento', 'Nacionalidad', 'Estado civil'],
    nationalities: ['española', 'mexicana', 'argentina'],
    marital: ['soltero/a', 'casado/a'],
    experience: ['Experiencia profesional', 'Experiencia laboral'],
    education: ['Formación académica', 'Formación', 'Estudios'],
    skills: ['Habilidades', 'Competencias', 'Informática'],
    languages: ['Idiomas'],
    interests: ['Aficiones', 'Intereses', 'Otros datos de interés'],
    jobs: ['Jefa de proyecto', 'Ingeniero de software', 'Contable', 'Comercial', 'Profesor de matemáticas'],
    duties: ['Dirección de un equipo de cinco personas', 'Gestión de clientes clave', 'Cierres contables mensuales', 'Desarrollo de aplicaciones web', 'Organización de cursos de formación'],
    degrees: ['Grado en Administración y Dirección de Empresas', 'Máster en Ingeniería Informática', 'Licenciatura en Derecho', 'Bachillerato', 'Ciclo Formativo de Grado Superior'],
    schools: ['Universidad Complutense', 'Universidad Politécnica', 'Universidad de Sevilla', 'Instituto de Educación Secundaria'],
    skillItems: ['Paquete Office', 'Python, SQL', 'Carné de conducir B', 'Gestión de proyectos', 'SAP'],
    languageItems: ['Español: nativo', 'Inglés: nivel avanzado (C1)', 'Francés: nivel básico', 'Alemán: nivel intermedio'],
    hobbies: ['Lectura, senderismo, fotografía', 'Música y viajes'],
    present: 'actualidad',
  },
  it: {
    titles: ['Curriculum vitae', 'CURRICULUM VITAE', 'Curriculum Vitae et Studiorum'],
    personal: ['Informazioni personali', 'Dati personali', 'Dati anagrafici'],
    labels: ['Nome', 'Indirizzo', 'Telefono', 'E-mail', 'Data di nascita', 'Nazionalità', 'Stato civile'],
    nationalities: ['italiana', 'svizzera'],
    marital: ['celibe', 'coniugata'],
    experience: ['Esperienza professionale', 'Esperienze lavorative', 'Esperienza lavorativa'],
    education: ['Istruzione e formazione', 'Istruzione', 'Formazione'],
    skills: ['Competenze', 'Capacità e competenze', 'Competenze informatiche'],
    languages: ['Lingue', 'Conoscenze linguistiche'],
    interests: ['Interessi', 'Hobby'],
    jobs: ['Responsabile di progetto', 'Sviluppatore software', 'Contabile', 'Agente di commercio', 'Insegnante di matematica'],
    duties: ['Coordinamento di un gruppo di cinque persone', 'Gestione dei clienti principali', 'Chiusure contabili mensili', 'Sviluppo di applicazioni web', 'Organizzazione di corsi di formazione'],
    degrees: ['Laurea magistrale in Ingegneria Informatica', 'Laurea triennale in Economia', 'Diploma di maturità scientifica', 'Master in Gestione Aziendale'],
    schools: ['Università degli Studi', 'Politecnico', 'Liceo Scientifico', 'Università Bocconi'],
    skillItems: ['Pacchetto Office', 'Python, SQL', 'Patente B', 'Gestione progetti', 'Contabilità'],
    languageItems: ['Italiano: madrelingua', 'Inglese: ottimo', 'Francese: buono', 'Tedesco: scolastico'],
    hobbies: ['Lettura, escursionismo, fotografia', 'Musica e viaggi'],
    present: 'oggi',
  },
};

function europeanCv(r: Random, variant: number): SyntheticDocument {
  const lang = LANGS[variant % LANGS.length] as Lang;
  const w = CV[lang];
  const l = LETTER[lang];
  const who = someone(r);
  const name = `${who.first} ${who.last}`;
  const caps = r() < 0.4;
  const heading = (options: readonly string[]): string => (caps ? pick(r, options).toUpperCase() : pick(r, options));
  const colon = r() < 0.5 ? ':' : '';
  const born = day(r);
  const since = (y: number): string => (r() < 0.5 ? `${pad(int(r, 1, 12))}/${y}` : String(y));
  const personal = [
    [w.labels[0], name],
    [w.labels[1], `${street(r, l, lang)}, ${postcode(r, lang)} ${pick(r, l.cities)}`],
    [w.labels[2], `+${int(r, 30, 49)} ${int(r, 100, 999)} ${int(r, 100000, 9999999)}`],
    [w.labels[3], `${who.first.toLowerCase()}.${who.last.toLowerCase()}@${pick(r, ['gmail.com', 'web.de', 'orange.fr', 'ziggo.nl', 'libero.it', 'example.com'])}`],
    [w.labels[4], `${pad(born.d)}.${pad(born.m)}.${born.y - int(r, 20, 40)}`],
    [w.labels[5], pick(r, w.nationalities)],
    ...(r() < 0.5 ? [[w.labels[6], pick(r, w.marital)]] : []),
  ].map(([label, value]) => (r() < 0.2 ? String(value) : `${label}${colon} ${value}`));
  let year = int(r, 2000, 2012);
  const jobs = Array.from({ length: int(r, 1, 4) }, () => {
    const from = year;
    year += int(r, 1, 5);
    return [`${since(from)} – ${year > 2024 ? w.present : since(year)}   ${pick(r, w.jobs)}`, `${pick(r, ORG_A)} ${pick(r, ORG_B)} ${pick(r, ORG_SUFFIX)}, ${pick(r, l.cities)}`, ...some(r, w.duties, int(r, 0, 2)).map((duty) => `${pick(r, ['•', '-', '–', '◦'])} ${duty}`)];
  }).reverse();
  const sections: string[][] = [
    [heading(w.experience), ...jobs.flat()],
    [
      heading(w.education),
      ...Array.from({ length: int(r, 1, 3) }, () => {
        const from = int(r, 1990, 2015);
        return `${since(from)} – ${since(from + int(r, 1, 5))}   ${pick(r, w.degrees)}, ${pick(r, w.schools)} ${pick(r, l.cities)}`;
      }),
    ],
    [heading(w.skills), ...(r() < 0.5 ? [some(r, w.skillItems, int(r, 2, 4)).join(', ')] : some(r, w.skillItems, int(r, 2, 4)))],
    [heading(w.languages), ...some(r, w.languageItems, int(r, 2, 3))],
    ...(r() < 0.6 ? [[heading(w.interests), pick(r, w.hobbies)]] : []),
  ];
  // Academic and German CVs often put education first.
  if (r() < 0.4) sections.unshift(sections.splice(1, 1)[0]!);
  const lines = [
    ...(r() < 0.8 ? [heading(w.titles), ''] : [name.toUpperCase(), '']),
    ...(r() < 0.7 ? [heading(w.personal)] : []),
    ...personal,
    '',
    ...sections.flatMap((section) => [...section, '']),
    ...(lang === 'de' && r() < 0.5 ? [`${pick(r, l.cities)}, ${writtenDate(r, day(r), l, lang)}`, name] : []),
  ];
  const text = lines.join('\n');
  return { label: 'resume', source: `synthetic:resume_${lang}_${caps ? 'caps' : 'plain'}`, text, fields: { name } };
}

/** Appended after every other template (syntheticDocuments.ts), so those draw the same numbers as before. */
export const EUROPEAN_GENERATORS: Array<[(r: Random, variant: number) => SyntheticDocument, number]> = [
  [europeanLetter, LANGS.length],
  [europeanCv, LANGS.length],
];
