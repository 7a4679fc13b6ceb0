/**
 * Passwords that top every leaked-password list (lower-cased). A password on
 * this list, or one of them with digits or "!" appended, is refused.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `123456 123456789 12345678 password qwerty123 qwerty 1234567890 1234567 111111 123123
  abc123 password1 1234 iloveyou 000000 1q2w3e4r 654321 qwertyuiop 123321 666666 987654321
  121212 112233 dragon monkey letmein football baseball welcome welcome1 admin admin123
  administrator login master sunshine princess shadow superman batman trustno1 passw0rd
  p@ssword p@ssw0rd password123 password12 password! qazwsx qazwsxedc 1qaz2wsx zaq12wsx
  zxcvbnm zxcvbn asdfgh asdfghjkl 1q2w3e 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5 michael
  jennifer jordan hunter hunter2 ranger harley buster thomas robert daniel jessica charlie
  andrew matthew joshua ashley michelle amanda nicole pepper ginger freedom whatever starwars
  computer internet cheese chocolate cookie flower hello hello123 hellohello killer secret
  secret123 summer winter spring autumn summer2024 summer2025 winter2024 winter2025 test
  test123 testing tester guest guest123 default changeme changeme123 letmein123 welcome123
  mustang access access14 solo maggie 696969 7777777 88888888 11111111 00000000 99999999
  123qwe 123abc abcd1234 abcdef abcdefg abcdefgh 12344321 123654 147258369 159753 147258
  789456 789456123 987654 5201314 aa123456 a123456 a12345678 1234qwer qwer1234 asd123
  asdasd asdf1234 asdfasdf qwe123 qweasd qweasdzxc 1111111111 0987654321 123456a 123456789a
  iloveyou1 loveme lovely love123 babygirl baby123 angel angel1 football1 baseball1 soccer
  hockey basketball jordan23 liverpool arsenal chelsea barcelona realmadrid juventus
  pokemon naruto minecraft fortnite roblox pikachu blink182 metallica nirvana slipknot
  samsung iphone google yahoo facebook twitter linkedin microsoft apple windows linux ubuntu
  videoflow video videos youtube netflix streaming upload uploader creator creators
  letmeinnow opensesame mypassword yourpassword nopassword password0 password2 password3
  passwort motdepasse contrasena senha parola wachtwoord salasana haslo heslo jelszo
  qwertz qwertz123 azerty azerty123 1a2b3c4d a1b2c3d4 aaaaaa aaaaaaaa zzzzzz xxxxxx
  superstar rockstar monster tigger dolphin butterfly sunflower rainbow purple orange
  yellow silver golden diamond banana apple123 matrix phoenix mercedes ferrari porsche
  corvette camaro qwerty1 qwerty12 qwerty1234 1qazxsw2 zaq1xsw2 !qaz2wsx q1w2e3 1234abcd
  123456789q 1234567a 12345678a 123456qwerty qwerty123456 iloveu iloveyou2 trustme
  letmein1 master123 admin1 admin1234 root root123 toor user user123 demo demo123
  temp temp123 temporary welcome2024 welcome2025 spring2024 spring2025 autumn2024`
    .split(/\s+/).filter(Boolean),
);
